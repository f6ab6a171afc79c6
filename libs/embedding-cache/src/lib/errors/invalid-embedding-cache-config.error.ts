import { EmbeddingCacheError } from './embedding-cache.error';

/** Raised at boot when an environment variable or option is invalid; the message names it. */
export class InvalidEmbeddingCacheConfigError extends EmbeddingCacheError {
  readonly code = 'EMBEDDING_CACHE_INVALID_CONFIG' as const;

  constructor(
    /** One line per offending variable, each starting with its name. */
    readonly problems: readonly string[],
  ) {
    super(`Invalid embedding cache configuration: ${problems.join('; ')}`);
  }
}
