export { EmbeddingCacheModule } from './lib/embedding-cache.module';
export { EmbeddingCacheService } from './lib/embedding-cache.service';
export { EmbeddingCacheHealthIndicator } from './lib/embedding-cache.health';
export { EmbeddingCacheMetrics } from './lib/embedding-cache.metrics';
export {
  EMBEDDING_CACHE_DEFAULTS,
  EMBEDDING_CACHE_OPTIONS,
  EMBEDDING_CACHE_REDIS_NAMESPACE,
  DEFAULT_REDIS_URL,
} from './lib/embedding-cache.constants';
export { REDIS_MODES } from './lib/redis/topologies/redis-topologies';
export { embeddingCacheConfig, loadEmbeddingCacheOptions } from './lib/config/embedding-cache.config';
export { EmbeddingCacheEnv } from './lib/config/embedding-cache.env';
export { buildEmbeddingCacheRedisConfig } from './lib/redis/build-redis-config.util';
export { buildEmbeddingCacheClusterConfig } from './lib/redis/build-cluster-config.util';
export { buildTlsOptions } from './lib/redis/build-tls-options.util';
export { registerEmbeddingCacheRedis } from './lib/redis/embedding-cache-redis.module';
export { buildCacheKey } from './lib/utils/cache-key.util';
export { encodeVector } from './lib/utils/encode-vector.util';
export { decodeVector } from './lib/utils/decode-vector.util';
export { describeCacheTarget } from './lib/utils/describe-cache-target.util';
export { urlWithCredentials } from './lib/utils/url-with-credentials.util';
export { EmbeddingCacheError } from './lib/errors/embedding-cache.error';
export { InvalidEmbeddingCacheConfigError } from './lib/errors/invalid-embedding-cache-config.error';
export { InvalidArgumentError } from './lib/errors/invalid-argument.error';
export { InvalidVectorError } from './lib/errors/invalid-vector.error';
export { RedisClientMissingError } from './lib/errors/redis-client-missing.error';
export type { EmbeddingCacheErrorCode } from './lib/errors/embedding-cache.error';
export type { EmbeddingCacheModuleOptions } from './lib/interfaces/embedding-cache-options.interface';
export type { RedisMode } from './lib/interfaces/redis-mode.interface';
export type { CacheClient } from './lib/interfaces/cache-client.interface';
export type { EmbeddingCacheStats } from './lib/interfaces/embedding-cache-stats.interface';
export type { CacheConnectionState } from './lib/interfaces/cache-connection-state.interface';
export type { L1ChannelState } from './lib/interfaces/l1-channel-state.interface';
export type { GetOrComputeResult } from './lib/interfaces/get-or-compute-result.interface';
export type { ComputeEmbeddings } from './lib/interfaces/compute-embeddings.interface';
export type { EmbeddingCacheEntry } from './lib/interfaces/embedding-cache-entry.interface';
export type { VectorInput } from './lib/interfaces/vector-input.interface';
export type { VectorLookupOptions } from './lib/interfaces/vector-lookup-options.interface';
export type { L1Receipt } from './lib/interfaces/l1-receipt.interface';
export type { PingOutcome } from './lib/redis/cache-connection';
export type { LookupResult, CacheOperation, L1FlushReason } from './lib/embedding-cache.metrics';
