import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { topologyFor } from '../redis/topologies/topology-for.util';

/**
 * Where the cache connects, for logs and startup lines, without any secret: the redacted URL in
 * standalone mode, the seed nodes of a cluster, the master name and sentinels in sentinel mode
 * (where the URL is not used at all; see each topology's `describe`), or `disabled`.
 */
export function describeCacheTarget(options: EmbeddingCacheModuleOptions): string {
  if (options.enabled === false) return 'disabled';
  return topologyFor(options).describe(options);
}
