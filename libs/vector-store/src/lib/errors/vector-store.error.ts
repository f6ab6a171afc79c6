/** Stable codes of the errors this library raises; branch on these, never on messages. */
export type VectorStoreErrorCode =
  | 'VECTOR_STORE_INVALID_CONFIG'
  | 'VECTOR_STORE_INVALID_ARGUMENT'
  | 'VECTOR_STORE_DIMENSION_MISMATCH'
  | 'VECTOR_STORE_DATA_DIR_LOCKED'
  | 'VECTOR_STORE_QUERY_FAILED';

/** Base class of every error of this library. */
export abstract class VectorStoreError extends Error {
  /** Stable machine-readable code. */
  abstract readonly code: VectorStoreErrorCode;

  constructor(
    message: string,
    /** The underlying error, if any. */
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
