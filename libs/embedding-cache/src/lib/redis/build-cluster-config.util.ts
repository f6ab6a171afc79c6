import type { ClusterClientOptions } from '@liaoliaots/nestjs-redis';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { buildTopologyRegistration } from './topologies/build-topology-registration.util';

/**
 * The `@liaoliaots/nestjs-redis` `ClusterModule` client entry for the cache's `cluster` topology
 * (see `redis/topologies/cluster.ts`), whatever `options.mode` says. Throws
 * `InvalidEmbeddingCacheConfigError` without seed nodes.
 */
export function buildEmbeddingCacheClusterConfig(options: EmbeddingCacheModuleOptions): ClusterClientOptions {
  const [config] = buildTopologyRegistration({ ...options, mode: 'cluster' }).clusterModule;
  return config;
}
