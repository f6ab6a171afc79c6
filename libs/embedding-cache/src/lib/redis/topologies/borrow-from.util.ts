import type { ClusterService, RedisService } from '@liaoliaots/nestjs-redis';
import { RedisClientMissingError } from '../../errors/redis-client-missing.error';
import type { CacheClient } from '../../interfaces/cache-client.interface';

/**
 * The client registered under `namespace` in `service` (a topology's `borrow`); throws
 * `RedisClientMissingError` when the service is absent or has no such client, so that a missing
 * connection fails at boot.
 */
export function borrowFrom(service: RedisService | ClusterService | undefined, namespace: string): CacheClient {
  if (!service) throw new RedisClientMissingError(namespace);
  try {
    return service.getOrThrow(namespace);
  } catch (error) {
    throw new RedisClientMissingError(namespace, error);
  }
}
