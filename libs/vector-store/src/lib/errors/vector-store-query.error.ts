import { VectorStoreError } from './vector-store.error';

/**
 * Raised when the database fails a statement or cannot be reached (the driver's error is `cause`).
 * An app maps it to `503 Service Unavailable` (or `500`); `sqlState` tells which.
 */
export class VectorStoreQueryError extends VectorStoreError {
  readonly code = 'VECTOR_STORE_QUERY_FAILED' as const;

  constructor(
    /** The store operation that failed, e.g. `'search'`. */
    readonly operation: string,
    /** SQLSTATE of the database error (e.g. `'42501'`), `undefined` for connection errors. */
    readonly sqlState: string | undefined,
    message: string,
    cause?: unknown,
  ) {
    super(`Vector store ${operation} failed${sqlState ? ` (SQLSTATE ${sqlState})` : ''}: ${message}`, cause);
  }
}
