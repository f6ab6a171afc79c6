import { InvalidEmbeddingCacheConfigError } from '../../errors/invalid-embedding-cache-config.error';
import type { EmbeddingCacheModuleOptions } from '../../interfaces/embedding-cache-options.interface';
import type { RedisTopology } from '../../interfaces/redis-topology.interface';
import { findTopology } from './find-topology.util';
import { REDIS_MODES } from './redis-topologies';

/** The topology of `options.mode`; throws `InvalidEmbeddingCacheConfigError` for an unknown mode. */
export function topologyFor(options: Pick<EmbeddingCacheModuleOptions, 'mode'>): RedisTopology {
  const topology = findTopology(options.mode);
  if (!topology) {
    throw new InvalidEmbeddingCacheConfigError([`mode must be one of ${REDIS_MODES.join(', ')} (got ${JSON.stringify(options.mode)})`]);
  }
  return topology;
}
