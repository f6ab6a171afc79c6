import { EMBEDDING_CACHE_DEFAULTS } from '../../embedding-cache.constants';
import type { RedisTopology } from '../../interfaces/redis-topology.interface';
import { parseHostPortList } from '../../utils/parse-host-port-list.util';
import { connectTimeoutFor, reconnectDelay } from '../build-connection-options.util';
import { borrowFrom } from './borrow-from.util';
import { clusterMasterSources } from './cluster-master-sources.util';
import { requiredEnv } from './required-env.util';
import { splitEnvList } from './split-env-list.util';

/** How often the cluster client re-reads the slot map besides on MOVED/CLUSTERDOWN: a failover is followed within 5 s. */
const SLOTS_REFRESH_INTERVAL_MS = 5_000;

/**
 * `cluster`: Redis Cluster, discovered from the seed nodes (`REDIS_EMBEDDING_CACHE_NODES`),
 * through a `Cluster` client in `ClusterModule`; batches are grouped by node. Per-node connections
 * get the shared fail-fast options; the cluster client has no offline queue either (a command for
 * a slot whose node is down fails at once instead of waiting for the topology to settle) and
 * reconnects with bounded backoff. The URL is not used; TLS is off unless `REDIS_EMBEDDING_CACHE_TLS=true`.
 */
export const CLUSTER_TOPOLOGY: RedisTopology = {
  envProblems: (env) => requiredEnv(env, ['REDIS_EMBEDDING_CACHE_NODES']),
  fromEnv: (env) => ({ nodes: splitEnvList(env.REDIS_EMBEDDING_CACHE_NODES) }),
  tlsByDefault: () => false,
  optionProblems: (options) =>
    parseHostPortList(options.nodes ?? []) ? [] : ['nodes must list at least one host:port in cluster mode (REDIS_EMBEDDING_CACHE_NODES)'],
  register: (options, connection) => ({
    redisModule: [],
    clusterModule: [
      {
        namespace: options.redisNamespace ?? EMBEDDING_CACHE_DEFAULTS.redisNamespace,
        nodes: (parseHostPortList(options.nodes ?? []) ?? []).map(({ host, port }) => ({ host, port })),
        lazyConnect: options.enabled === false,
        enableOfflineQueue: false,
        clusterRetryStrategy: reconnectDelay,
        slotsRefreshTimeout: connectTimeoutFor(options.timeoutMs ?? EMBEDDING_CACHE_DEFAULTS.timeoutMs),
        slotsRefreshInterval: SLOTS_REFRESH_INTERVAL_MS,
        redisOptions: connection,
      },
    ],
  }),
  borrow: ({ clusterService }, namespace) => borrowFrom(clusterService, namespace),
  invalidationSources: clusterMasterSources,
  describe: (options) => `cluster via ${(options.nodes ?? []).join(',')}${options.tls ? ', TLS' : ''}`,
};
