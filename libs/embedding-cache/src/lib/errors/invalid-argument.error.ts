import { EmbeddingCacheError } from './embedding-cache.error';

/** Raised when a method is called with an argument of the wrong type (e.g. a non-string text). */
export class InvalidArgumentError extends EmbeddingCacheError {
  readonly code = 'EMBEDDING_CACHE_INVALID_ARGUMENT' as const;
}
