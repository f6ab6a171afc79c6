import type { Cluster, Redis } from 'ioredis';

/** The borrowed ioredis client: a `Redis` (standalone, sentinel) or a `Cluster`. */
export type CacheClient = Redis | Cluster;
