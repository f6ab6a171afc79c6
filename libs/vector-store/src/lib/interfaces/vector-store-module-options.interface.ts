import type { HnswOptions } from './hnsw-options.interface';
import type { SqlDriver } from './sql-driver.interface';

/**
 * Options of `VectorStoreModule.forRoot` / `forRootAsync` and `new VectorStore`. Only `dimensions`
 * is required; `vectorStoreConfig` reads the rest from the environment.
 */
export interface VectorStoreModuleOptions {
  /**
   * Length of the vectors this app writes and queries: the embedding provider's `dimensions`
   * (1-16000). New collections are created with it; an existing collection with other dimensions
   * is a `DimensionMismatchError` (at boot for `defaultCollection`, else on first use).
   */
  dimensions: number;
  /**
   * `postgres://` or `postgresql://` URL (`DATABASE_URL`). When set, the `pg` driver is used
   * (PostgreSQL with pgvector); otherwise PGlite runs in-process at `path`.
   * @default undefined (PGlite)
   */
  databaseUrl?: string;
  /**
   * PGlite data directory (`VECTOR_STORE_PATH`), relative to the working directory; `'memory://'`
   * for an in-memory database. Ignored with `databaseUrl`.
   * @default '.data/pglite'
   */
  path?: string;
  /**
   * `pg` pool size (`VECTOR_STORE_POOL_SIZE`), 1-100. Ignored by PGlite.
   * @default 10
   */
  poolSize?: number;
  /**
   * Largest chunk in characters (`CHUNK_SIZE`), 100-100000; exposed as `VectorStore.chunking`.
   * @default 1000
   */
  chunkSize?: number;
  /**
   * Largest overlap of consecutive chunks in characters (`CHUNK_OVERLAP`), ≥ 0 and < `chunkSize`.
   * @default 200
   */
  chunkOverlap?: number;
  /**
   * Collection used when a call names none; its dimensions are checked at boot.
   * @default 'default'
   */
  defaultCollection?: string;
  /**
   * PostgreSQL schema holding the store's tables (created if missing); lower-case identifier.
   * @default 'vector_store'
   */
  schema?: string;
  /** HNSW index parameters. */
  hnsw?: HnswOptions;
  /**
   * A driver to use instead of creating one from `databaseUrl` / `path`. It is borrowed: the
   * module never closes it.
   * @default undefined (the module creates, and on shutdown closes, its own driver)
   */
  driver?: SqlDriver;
}
