import { Logger } from '@nestjs/common';
import { redactUrl } from '@rag/config-kit';
import { Pool } from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';
import type { PgDriverOptions } from '../interfaces/pg-driver-options.interface';
import type { SqlDriver } from '../interfaces/sql-driver.interface';
import type { SqlExecutor } from '../interfaces/sql-executor.interface';
import type { SqlQueryResult } from '../interfaces/sql-query-result.interface';
import { VECTOR_STORE_DEFAULTS } from '../vector-store.constants';

/** A boot against an unreachable server fails after this long instead of hanging (pg waits forever by default). */
const CONNECTION_TIMEOUT_MS = 10_000;

/**
 * `SqlDriver` over a `pg` Pool: PostgreSQL with the pgvector extension (`DATABASE_URL`). Queries
 * share the pool; a transaction holds one client until it commits or rolls back.
 */
export class PgDriver implements SqlDriver {
  readonly kind = 'pg' as const;
  readonly location: string;
  readonly #pool: Pool;
  readonly #logger = new Logger('VectorStore');
  #closing?: Promise<void>;

  constructor(options: PgDriverOptions) {
    this.location = redactUrl(options.connectionString);
    this.#pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? VECTOR_STORE_DEFAULTS.poolSize,
      application_name: options.applicationName ?? 'rag-vector-store',
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    });
    // An idle client's error (server restart, dropped connection) is emitted on the pool; unhandled it would crash the process.
    this.#pool.on('error', (error) => this.#logger.warn(`Idle PostgreSQL connection failed: ${error.message}`));
  }

  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<SqlQueryResult<T>> {
    const result = await this.#pool.query<QueryResultRow>(sql, [...params]);
    return { rows: result.rows as T[] };
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(executorOf(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // A client that cannot roll back is in an unknown state: destroy it instead of pooling it.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#pool.end();
    return this.#closing;
  }
}

function executorOf(client: PoolClient): SqlExecutor {
  return {
    async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<SqlQueryResult<T>> {
      const result = await client.query<QueryResultRow>(sql, [...params]);
      return { rows: result.rows as T[] };
    },
  };
}
