import type { ClusterService, RedisService } from '@liaoliaots/nestjs-redis';
import { EMBEDDING_CACHE_DEFAULTS } from '../../embedding-cache.constants';
import type { CacheClient } from '../../interfaces/cache-client.interface';
import type { EmbeddingCacheModuleOptions } from '../../interfaces/embedding-cache-options.interface';
import { topologyFor } from './topology-for.util';

/**
 * The client the cache uses, borrowed from the nestjs-redis service its topology registers with
 * (`RedisService` or `ClusterService`). Throws `RedisClientMissingError` when that service is
 * absent or has no client under `options.redisNamespace`, so a missing connection fails at boot.
 */
export function borrowCacheClient(
  options: Pick<EmbeddingCacheModuleOptions, 'mode' | 'redisNamespace'>,
  redisService: RedisService | undefined,
  clusterService: ClusterService | undefined,
): CacheClient {
  return topologyFor(options).borrow({ redisService, clusterService }, options.redisNamespace ?? EMBEDDING_CACHE_DEFAULTS.redisNamespace);
}
