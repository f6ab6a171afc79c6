import * as api from './index';

describe('@rag/cached-embeddings public entry', () => {
  const runtimeExports = [
    'CachedEmbeddingsModule',
    'CachedEmbedder',
    'EmbeddingProviderMetrics',
    'EMBEDDING_CACHE_MODEL',
    'EMBEDDING_PROVIDER_REQUESTS',
    'EMBEDDING_PROVIDER_TEXTS',
    'EMBEDDING_PROVIDER_SECONDS',
    'EMBEDDING_PROVIDER_SECONDS_BUCKETS',
    'cacheModelId',
    'ProviderLimiter',
    'ProviderBusyError',
    'loadProviderLimits',
    'DEFAULT_PROVIDER_LIMITS',
    'PROVIDER_LIMITER',
  ];

  it.each(runtimeExports)('exports %s', (name) => {
    expect((api as Record<string, unknown>)[name]).toBeDefined();
  });

  it('exports nothing unlisted at runtime', () => {
    expect(Object.keys(api).sort()).toEqual([...runtimeExports].sort());
  });

  it('keeps the token and metric names of the contract', () => {
    expect(api.EMBEDDING_CACHE_MODEL).toBe('EMBEDDING_CACHE_MODEL');
    expect([api.EMBEDDING_PROVIDER_REQUESTS, api.EMBEDDING_PROVIDER_TEXTS, api.EMBEDDING_PROVIDER_SECONDS]).toEqual([
      'embedding_provider_requests_total',
      'embedding_provider_texts_total',
      'embedding_provider_duration_seconds',
    ]);
  });
});
