/**
 * Redis topology of the cache (`REDIS_EMBEDDING_CACHE_MODE`):
 * - `standalone`: one server at the cache URL;
 * - `cluster`: Redis Cluster, discovered from the seed nodes; batches are grouped by node;
 * - `sentinel`: the master that the sentinels name, followed across failovers.
 */
export type RedisMode = 'standalone' | 'cluster' | 'sentinel';
