import type { Redis } from 'ioredis';
import type { CacheClient } from '../../interfaces/cache-client.interface';
import type { InvalidationSource } from '../../interfaces/invalidation-source.interface';

/**
 * The one invalidation source of a topology with a `Redis` client (standalone, sentinel): a
 * `duplicate()` of the borrowed client, so it connects where the client connects, with its
 * credentials and TLS; in sentinel mode it asks the sentinels for the master on every
 * (re)connect, so it follows a failover by itself.
 */
export function ownConnectionSource(client: CacheClient, id: string): InvalidationSource[] {
  return [{ id, open: (overrides) => (client as Redis).duplicate(overrides) }];
}
