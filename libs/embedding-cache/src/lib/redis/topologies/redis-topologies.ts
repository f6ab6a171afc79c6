import type { RedisMode } from '../../interfaces/redis-mode.interface';
import type { RedisTopology } from '../../interfaces/redis-topology.interface';
import { CLUSTER_TOPOLOGY } from './cluster';
import { SENTINEL_TOPOLOGY } from './sentinel';
import { STANDALONE_TOPOLOGY } from './standalone';

/**
 * The Redis topologies of the cache by `REDIS_EMBEDDING_CACHE_MODE`: the one place a mode is
 * chosen. `RedisMode` is derived from these keys, so a new topology is one file plus one row here.
 */
export const REDIS_TOPOLOGIES = {
  standalone: STANDALONE_TOPOLOGY,
  cluster: CLUSTER_TOPOLOGY,
  sentinel: SENTINEL_TOPOLOGY,
} as const satisfies Readonly<Record<string, RedisTopology>>;

/** Values of `REDIS_EMBEDDING_CACHE_MODE`, in the order boot errors list them. */
export const REDIS_MODES: readonly RedisMode[] = Object.keys(REDIS_TOPOLOGIES) as RedisMode[];
