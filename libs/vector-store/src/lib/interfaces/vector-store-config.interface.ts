/**
 * What `vectorStoreConfig` reads from the environment. The app adds `dimensions` (the embedding
 * provider's) to make `VectorStoreModuleOptions`.
 */
export interface VectorStoreConfig {
  /** `DATABASE_URL`; when set the store uses PostgreSQL + pgvector through `pg`, else PGlite. */
  databaseUrl?: string;
  /** `VECTOR_STORE_PATH`: PGlite data directory. */
  path: string;
  /** `VECTOR_STORE_POOL_SIZE`: `pg` pool size. */
  poolSize: number;
  /** `CHUNK_SIZE`: largest chunk in characters. */
  chunkSize: number;
  /** `CHUNK_OVERLAP`: largest overlap between consecutive chunks in characters. */
  chunkOverlap: number;
}
