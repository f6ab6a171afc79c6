import type { REDIS_TOPOLOGIES } from '../redis/topologies/redis-topologies';

/**
 * Redis topology of the cache (`REDIS_EMBEDDING_CACHE_MODE`), one per row of `REDIS_TOPOLOGIES`:
 * - `standalone`: one server at the cache URL;
 * - `cluster`: Redis Cluster, discovered from the seed nodes; batches are grouped by node;
 * - `sentinel`: the master that the sentinels name, followed across failovers.
 */
export type RedisMode = keyof typeof REDIS_TOPOLOGIES;
