import type { RedisClientOptions } from '@liaoliaots/nestjs-redis';
import type { RedisOptions } from 'ioredis';
import { EMBEDDING_CACHE_DEFAULTS } from '../../embedding-cache.constants';
import type { EmbeddingCacheModuleOptions } from '../../interfaces/embedding-cache-options.interface';
import { reconnectDelay } from '../build-connection-options.util';

/**
 * The `RedisModule` entry shared by the topologies with a `Redis` client (standalone, sentinel):
 * the cache's namespace, the shared `connection` options and bounded reconnect backoff. With the
 * cache disabled the client is lazy and never connects.
 */
export function buildRedisClientBase(options: EmbeddingCacheModuleOptions, connection: RedisOptions): RedisClientOptions {
  return {
    namespace: options.redisNamespace ?? EMBEDDING_CACHE_DEFAULTS.redisNamespace,
    lazyConnect: options.enabled === false,
    ...connection,
    retryStrategy: reconnectDelay,
  };
}
