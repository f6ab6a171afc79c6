// The declaration of the '@electric-sql/pglite/vector' subpath must travel with this file: apps compile
// the lib's sources through the path alias and would not include a separate .d.ts otherwise.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./pglite-vector.d.ts" />
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { PGliteDriverOptions } from '../interfaces/pglite-driver-options.interface';
import type { SqlDriver } from '../interfaces/sql-driver.interface';
import type { SqlExecutor } from '../interfaces/sql-executor.interface';
import type { SqlQueryResult } from '../interfaces/sql-query-result.interface';
import { acquireDataDirLock } from '../utils/acquire-data-dir-lock.util';
import { IN_MEMORY_PATH } from '../vector-store.constants';

/**
 * `SqlDriver` over PGlite (Postgres compiled to WASM) in this process, with pgvector loaded.
 * PGlite runs one statement at a time: concurrent calls queue, and a transaction holds the
 * database until it ends. A data directory is locked (`<dataDir>.lock`) against a second process.
 */
export class PGliteDriver implements SqlDriver {
  readonly kind = 'pglite' as const;
  readonly location: string;
  #closing?: Promise<void>;

  private constructor(
    readonly db: PGlite,
    /** Absolute data directory; `undefined` in memory. */
    readonly dataDir: string | undefined,
    private readonly releaseLock: () => void,
  ) {
    this.location = dataDir ?? IN_MEMORY_PATH;
  }

  /**
   * Opens (creating if missing) the database in `dataDir`, or in memory when it is `undefined` or
   * `'memory://'`. Throws `DataDirLockedError` when the directory is open elsewhere.
   */
  static async create(options: PGliteDriverOptions = {}): Promise<PGliteDriver> {
    const inMemory = options.dataDir === undefined || options.dataDir === IN_MEMORY_PATH;
    const dataDir = inMemory ? undefined : resolve(options.dataDir as string);
    let releaseLock = (): void => undefined;
    if (dataDir !== undefined) {
      mkdirSync(dataDir, { recursive: true });
      releaseLock = acquireDataDirLock(dataDir);
    }
    try {
      // Loaded on demand: an app on DATABASE_URL never loads the WASM build.
      const [{ PGlite: PGliteClass }, { vector }] = await Promise.all([
        import('@electric-sql/pglite'),
        import('@electric-sql/pglite/vector'),
      ]);
      const db = await PGliteClass.create({ dataDir, extensions: { vector } });
      return new PGliteDriver(db, dataDir, releaseLock);
    } catch (error) {
      releaseLock();
      throw error;
    }
  }

  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<SqlQueryResult<T>> {
    const result = await this.db.query<T>(sql, [...params]);
    return { rows: result.rows };
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(executorOf(tx)));
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    try {
      await this.db.close();
    } finally {
      this.releaseLock();
    }
  }
}

function executorOf(tx: Transaction): SqlExecutor {
  return {
    async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<SqlQueryResult<T>> {
      const result = await tx.query<T>(sql, [...params]);
      return { rows: result.rows };
    },
  };
}
