import type { RedisClientOptions } from '@liaoliaots/nestjs-redis';
import { EMBEDDING_CACHE_DEFAULTS } from '../embedding-cache.constants';
import { InvalidEmbeddingCacheConfigError } from '../errors/invalid-embedding-cache-config.error';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { buildTopologyRegistration } from './topologies/build-topology-registration.util';

/**
 * The `@liaoliaots/nestjs-redis` `RedisModule` client entry for the cache, for the topologies with
 * a `Redis` client (standalone, sentinel; see `redis/topologies/`), with fail-fast options and
 * bounded reconnect backoff. With the cache disabled the client is lazy and never connects.
 * A topology with a `Cluster` client is refused: use `registerEmbeddingCacheRedis()` or
 * `buildEmbeddingCacheClusterConfig`.
 */
export function buildEmbeddingCacheRedisConfig(options: EmbeddingCacheModuleOptions): RedisClientOptions {
  const [config] = buildTopologyRegistration(options).redisModule;
  if (!config) {
    throw new InvalidEmbeddingCacheConfigError([
      `mode "${options.mode ?? EMBEDDING_CACHE_DEFAULTS.mode}" needs a Cluster client: register it with registerEmbeddingCacheRedis() or buildEmbeddingCacheClusterConfig()`,
    ]);
  }
  return config;
}
