import * as api from './index';

describe('@rag/embedding-cache public entry', () => {
  it.each([
    'EmbeddingCacheModule',
    'EmbeddingCacheService',
    'EmbeddingCacheHealthIndicator',
    'EmbeddingCacheMetrics',
    'EMBEDDING_CACHE_DEFAULTS',
    'EMBEDDING_CACHE_OPTIONS',
    'EMBEDDING_CACHE_REDIS_NAMESPACE',
    'DEFAULT_REDIS_URL',
    'REDIS_MODES',
    'embeddingCacheConfig',
    'loadEmbeddingCacheOptions',
    'EmbeddingCacheEnv',
    'warnDeprecatedEnv',
    'buildEmbeddingCacheRedisConfig',
    'buildEmbeddingCacheClusterConfig',
    'buildTlsOptions',
    'registerEmbeddingCacheRedis',
    'buildCacheKey',
    'encodeVector',
    'decodeVector',
    'describeCacheTarget',
    'urlWithCredentials',
    'EmbeddingCacheError',
    'InvalidEmbeddingCacheConfigError',
    'InvalidArgumentError',
    'InvalidVectorError',
    'RedisClientMissingError',
  ])('exports %s', (name) => {
    expect((api as Record<string, unknown>)[name]).toBeDefined();
  });

  it('exports nothing unlisted at runtime', () => {
    expect(Object.keys(api).sort()).toHaveLength(27);
  });
});
