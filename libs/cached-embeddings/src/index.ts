export { CachedEmbeddingsModule } from './lib/cached-embeddings.module';
export { CachedEmbedder } from './lib/cached-embedder.service';
export { EmbeddingProviderMetrics } from './lib/embedding-provider.metrics';
export {
  EMBEDDING_CACHE_MODEL,
  EMBEDDING_PROVIDER_REQUESTS,
  EMBEDDING_PROVIDER_TEXTS,
  EMBEDDING_PROVIDER_SECONDS,
  EMBEDDING_PROVIDER_SECONDS_BUCKETS,
} from './lib/cached-embeddings.constants';
export { cacheModelId } from './lib/utils/cache-model-id.util';
export { ProviderLimiter } from './lib/limits/provider-limiter';
export type { OnProviderBusy, ProviderCallCost } from './lib/limits/provider-limiter';
export { ProviderBusyError } from './lib/limits/provider-busy.error';
export { loadProviderLimits } from './lib/limits/load-provider-limits.util';
export { DEFAULT_PROVIDER_LIMITS, PROVIDER_LIMITER } from './lib/limits/provider-limits.constants';
export type { ProviderLimits } from './lib/limits/provider-limits.interface';
export type { EmbedInBatchesOptions } from './lib/interfaces/embed-in-batches-options.interface';
export type { BatchPosition } from './lib/interfaces/batch-position.interface';
export type { EmbeddedBatch } from './lib/interfaces/embedded-batch.interface';
export type { SkippedBatch } from './lib/interfaces/skipped-batch.interface';
