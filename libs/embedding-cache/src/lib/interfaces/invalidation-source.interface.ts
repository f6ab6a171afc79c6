import type { Redis, RedisOptions } from 'ioredis';

/**
 * A Redis server whose key changes the L1 tier must hear about (tracking is per server), as a
 * topology names it: the server of a standalone client, the master of a sentinel client, each
 * master of a cluster.
 */
export interface InvalidationSource {
  /** Stable name of the server (`host:port` on a cluster): a new id is a new server. */
  readonly id: string;
  /**
   * Opens a connection of the cache's own to this server (it must close it), with the borrowed
   * client's options (credentials, TLS, sentinels) and `overrides`.
   */
  open(overrides: RedisOptions): Redis;
}
