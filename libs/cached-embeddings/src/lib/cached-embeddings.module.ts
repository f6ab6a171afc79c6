import { Module } from '@nestjs/common';
import { EMBEDDING_PROVIDER, EMBEDDINGS_OPTIONS } from '@rag/embeddings';
import { CachedEmbedder } from './cached-embedder.service';
import { EMBEDDING_CACHE_MODEL } from './cached-embeddings.constants';
import { EmbeddingProviderMetrics } from './embedding-provider.metrics';
import { loadProviderLimits } from './limits/load-provider-limits.util';
import { PROVIDER_LIMITER } from './limits/provider-limits.constants';
import { ProviderLimiter } from './limits/provider-limiter';
import { cacheModelId } from './utils/cache-model-id.util';

/**
 * Provides `CachedEmbedder` and the cache model id (`EMBEDDING_CACHE_MODEL`). Needs
 * `EmbeddingsModule` and `EmbeddingCacheModule` registered with `isGlobal: true`, so that every
 * embedding of an app goes through the one provider and the one cache it configured. Its
 * `ProviderLimiter` is built from `EMBEDDING_PROVIDER_MAX_*` (validated at boot); an app imports
 * this module once, so the bound is process-wide.
 */
@Module({
  providers: [
    { provide: EMBEDDING_CACHE_MODEL, useFactory: cacheModelId, inject: [EMBEDDING_PROVIDER, EMBEDDINGS_OPTIONS] },
    { provide: PROVIDER_LIMITER, useFactory: () => new ProviderLimiter(loadProviderLimits()) },
    EmbeddingProviderMetrics,
    CachedEmbedder,
  ],
  exports: [CachedEmbedder, EMBEDDING_CACHE_MODEL, PROVIDER_LIMITER],
})
export class CachedEmbeddingsModule {}
