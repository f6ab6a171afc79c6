import type { ClusterClientOptions } from '@liaoliaots/nestjs-redis';
import { EMBEDDING_CACHE_DEFAULTS } from '../embedding-cache.constants';
import { InvalidEmbeddingCacheConfigError } from '../errors/invalid-embedding-cache-config.error';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { parseHostPortList } from '../utils/parse-host-port-list.util';
import { buildConnectionOptions, reconnectDelay } from './build-connection-options.util';

/**
 * The `@liaoliaots/nestjs-redis` `ClusterModule` client entry for the cache in `cluster` mode.
 * Per-node connections get the fail-fast options of `buildConnectionOptions`; the cluster client
 * itself has no offline queue either (a command for a slot whose node is down fails at once
 * instead of waiting for the topology to settle) and reconnects with bounded backoff. Slots are
 * re-read on MOVED/CLUSTERDOWN errors and every 5 s, so a failover is followed without a restart.
 */
export function buildEmbeddingCacheClusterConfig(options: EmbeddingCacheModuleOptions): ClusterClientOptions {
  const nodes = parseHostPortList(options.nodes ?? []);
  if (!nodes) {
    throw new InvalidEmbeddingCacheConfigError([
      'nodes must list at least one host:port in cluster mode (REDIS_EMBEDDING_CACHE_NODES)',
    ]);
  }
  const timeoutMs = options.timeoutMs ?? EMBEDDING_CACHE_DEFAULTS.timeoutMs;
  return {
    namespace: options.redisNamespace ?? EMBEDDING_CACHE_DEFAULTS.redisNamespace,
    nodes: nodes.map(({ host, port }) => ({ host, port })),
    lazyConnect: options.enabled === false,
    enableOfflineQueue: false,
    clusterRetryStrategy: reconnectDelay,
    slotsRefreshTimeout: Math.max(500, timeoutMs * 10),
    slotsRefreshInterval: 5_000,
    redisOptions: buildConnectionOptions(options),
  };
}
