import { EMBEDDING_CACHE_DEFAULTS } from '../../embedding-cache.constants';
import type { RedisMode } from '../../interfaces/redis-mode.interface';
import type { RedisTopology } from '../../interfaces/redis-topology.interface';
import { REDIS_MODES, REDIS_TOPOLOGIES } from './redis-topologies';

/** The topology of `mode` (the default mode when unset), or `undefined` for an unknown mode. */
export function findTopology(mode: string | undefined): RedisTopology | undefined {
  const chosen = mode ?? EMBEDDING_CACHE_DEFAULTS.mode;
  // includes() rather than `in`: inherited keys such as "toString" are not modes.
  return (REDIS_MODES as readonly string[]).includes(chosen) ? REDIS_TOPOLOGIES[chosen as RedisMode] : undefined;
}
