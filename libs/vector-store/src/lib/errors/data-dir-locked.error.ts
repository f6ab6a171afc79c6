import { VectorStoreError } from './vector-store.error';

/**
 * Raised when a PGlite data directory is already open in another process (or twice in this one).
 * PGlite is a single-process database: two processes writing one directory corrupt it, so the
 * second open is refused. Share a store between processes (e.g. rag-api and worker) through
 * PostgreSQL + pgvector (`DATABASE_URL`).
 */
export class DataDirLockedError extends VectorStoreError {
  readonly code = 'VECTOR_STORE_DATA_DIR_LOCKED' as const;

  constructor(
    /** The data directory (absolute path). */
    readonly dataDir: string,
    /** Process id holding the lock. */
    readonly holderPid: number,
  ) {
    super(
      `PGlite data directory "${dataDir}" is already open in process ${holderPid}; PGlite serves one process at a time: ` +
        'set DATABASE_URL (PostgreSQL + pgvector) to share the store, or give each process its own VECTOR_STORE_PATH',
    );
  }
}
