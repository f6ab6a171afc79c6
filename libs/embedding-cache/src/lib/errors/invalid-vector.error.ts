import { EmbeddingCacheError } from './embedding-cache.error';

/**
 * Raised when a vector given to `set`/`setMany`, or returned by a `compute` function, is not a
 * non-empty list of finite numbers, or when `compute` returns the wrong number of vectors.
 */
export class InvalidVectorError extends EmbeddingCacheError {
  readonly code = 'EMBEDDING_CACHE_INVALID_VECTOR' as const;
}
