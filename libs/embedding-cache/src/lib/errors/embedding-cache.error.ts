/** Stable codes of the errors this library raises; branch on these, never on messages. */
export type EmbeddingCacheErrorCode =
  | 'EMBEDDING_CACHE_INVALID_CONFIG'
  | 'EMBEDDING_CACHE_INVALID_ARGUMENT'
  | 'EMBEDDING_CACHE_INVALID_VECTOR'
  | 'EMBEDDING_CACHE_REDIS_CLIENT_MISSING';

/**
 * Base class of every error of this library. Redis faults are never raised to callers
 * (they become misses); these errors mean misconfiguration or misuse.
 */
export abstract class EmbeddingCacheError extends Error {
  /** Stable machine-readable code. */
  abstract readonly code: EmbeddingCacheErrorCode;

  constructor(
    message: string,
    /** The underlying error, if any. */
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
