import * as api from './index';

describe('@rag/embedding-cache public entry', () => {
  const runtimeExports = [
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
  ];

  it.each(runtimeExports)('exports %s', (name) => {
    expect((api as Record<string, unknown>)[name]).toBeDefined();
  });

  it('exports nothing unlisted at runtime', () => {
    expect(Object.keys(api).sort()).toEqual([...runtimeExports].sort());
  });
});
