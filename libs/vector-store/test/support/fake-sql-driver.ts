import type { SqlDriver } from '../../src/lib/interfaces/sql-driver.interface';
import type { SqlDriverKind } from '../../src/lib/interfaces/sql-driver-kind.interface';
import type { SqlExecutor } from '../../src/lib/interfaces/sql-executor.interface';
import type { SqlQueryResult } from '../../src/lib/interfaces/sql-query-result.interface';

/** A statement the fake driver received. */
export interface RecordedStatement {
  sql: string;
  params: readonly unknown[];
  inTransaction: boolean;
}

/** Answers one statement with rows, or throws to simulate a database error. */
export type FakeAnswer = (sql: string, params: readonly unknown[]) => unknown[];

/** A document row as the real drivers return it. */
export function documentRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    collection: 'default',
    id: 'doc',
    content_hash: null,
    metadata: {},
    requested_metadata: null,
    chunk_count: 0,
    state: 'ready',
    error: null,
    created_at: new Date('2026-01-01T00:00:00Z'),
    updated_at: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

/** The store id `defaultAnswer` reads back from `store_info`. */
export const FAKE_STORE_ID = '00000000-0000-4000-8000-000000000001';

/** Default answers: pgvector 0.8.0, no collections, a document row for RETURNING statements, `FAKE_STORE_ID`. */
export const defaultAnswer: FakeAnswer = (sql) => {
  if (sql.startsWith('SELECT store_id')) return [{ store_id: FAKE_STORE_ID }];
  if (sql.includes('extversion')) return [{ version: '0.8.0' }];
  if (sql.includes('RETURNING collection')) return [documentRow()];
  if (sql.startsWith('SELECT dims FROM')) return [{ dims: 4 }];
  return [];
};

/** In-memory `SqlDriver` for unit tests: records every statement and answers with `answer`. */
export class FakeSqlDriver implements SqlDriver {
  readonly location = 'memory://';
  readonly statements: RecordedStatement[] = [];
  closeCalls = 0;

  constructor(
    private readonly answer: FakeAnswer = defaultAnswer,
    readonly kind: SqlDriverKind = 'pglite',
  ) {}

  query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<SqlQueryResult<T>> {
    return this.#run<T>(sql, params, false);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return fn({ query: <R>(sql: string, params: readonly unknown[] = []) => this.#run<R>(sql, params, true) });
  }

  async close(): Promise<void> {
    this.closeCalls++;
  }

  /** Statements whose SQL contains `fragment`. */
  matching(fragment: string): RecordedStatement[] {
    return this.statements.filter((statement) => statement.sql.includes(fragment));
  }

  async #run<T>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<SqlQueryResult<T>> {
    this.statements.push({ sql, params, inTransaction });
    return { rows: this.answer(sql, params) as T[] };
  }
}
