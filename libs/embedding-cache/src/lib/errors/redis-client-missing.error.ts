import { EmbeddingCacheError } from './embedding-cache.error';

/** Raised at boot when the cache is enabled but no Redis client is registered for its namespace. */
export class RedisClientMissingError extends EmbeddingCacheError {
  readonly code = 'EMBEDDING_CACHE_REDIS_CLIENT_MISSING' as const;

  constructor(namespace: string, cause?: unknown) {
    super(
      `Redis namespace "${namespace}" is not registered; import registerEmbeddingCacheRedis() (or add ` +
        `buildEmbeddingCacheRedisConfig / buildEmbeddingCacheClusterConfig to RedisModule / ClusterModule) ` +
        `or set REDIS_EMBEDDING_CACHE_ENABLED=false`,
      cause,
    );
  }
}
