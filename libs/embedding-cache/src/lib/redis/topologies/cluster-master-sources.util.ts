import { Redis } from 'ioredis';
import type { Cluster } from 'ioredis';
import type { CacheClient } from '../../interfaces/cache-client.interface';
import type { InvalidationSource } from '../../interfaces/invalidation-source.interface';

/** Hash slots of a Redis Cluster. */
const CLUSTER_SLOTS = 16_384;

/**
 * The invalidation sources of a cluster: the masters that serve its slots, as the client's slot
 * table names them (`host:port`), or `undefined` while a slot has no master (before the first
 * slot refresh, or during a failover). A connection to a master duplicates the client's own
 * connection to that node (credentials, TLS), or is built from the cluster's `redisOptions`.
 */
export function clusterMasterSources(client: CacheClient): InvalidationSource[] | undefined {
  const cluster = client as Cluster;
  const masters = new Set<string>();
  for (let slot = 0; slot < CLUSTER_SLOTS; slot += 1) {
    const master = cluster.slots[slot]?.[0];
    if (!master) return undefined;
    masters.add(master);
  }
  const known = new Map(cluster.nodes('all').map((node) => [`${node.options.host}:${node.options.port}`, node]));
  return [...masters].map((id) => ({
    id,
    open: (overrides) => {
      const node = known.get(id);
      if (node) return node.duplicate(overrides);
      const at = id.lastIndexOf(':');
      return new Redis({ ...cluster.options.redisOptions, host: id.slice(0, at), port: Number(id.slice(at + 1)), ...overrides });
    },
  }));
}
