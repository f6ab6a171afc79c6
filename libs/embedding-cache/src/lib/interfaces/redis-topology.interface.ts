import type { ClusterClientOptions, ClusterService, RedisClientOptions, RedisService } from '@liaoliaots/nestjs-redis';
import type { RedisOptions } from 'ioredis';
import type { EmbeddingCacheEnv } from '../config/embedding-cache.env';
import type { CacheClient } from './cache-client.interface';
import type { EmbeddingCacheModuleOptions } from './embedding-cache-options.interface';
import type { InvalidationSource } from './invalidation-source.interface';

/**
 * The client entries a topology adds to nestjs-redis' two modules. Exactly one of the lists holds
 * one entry: a `Redis` client goes to `RedisModule`, a `Cluster` client to `ClusterModule`.
 */
export interface TopologyRegistration {
  /** Entries for `RedisModule.forRoot({ config })`. */
  readonly redisModule: RedisClientOptions[];
  /** Entries for `ClusterModule.forRoot({ config })`. */
  readonly clusterModule: ClusterClientOptions[];
}

/** The nestjs-redis services a registered client is borrowed from; a service is absent when its module is not imported. */
export interface RedisServices {
  readonly redisService?: RedisService;
  readonly clusterService?: ClusterService;
}

/**
 * Everything that differs between the Redis topologies of the cache (`REDIS_EMBEDDING_CACHE_MODE`).
 * One object per topology in `redis/topologies/`, chosen from `REDIS_TOPOLOGIES` by mode; no other
 * file branches on the mode.
 */
export interface RedisTopology {
  /**
   * Problems of the validated environment that only this topology has (a variable it requires),
   * one line each, starting with the variable's name.
   */
  envProblems(env: EmbeddingCacheEnv): string[];
  /** The options only this topology reads, mapped from the validated environment. */
  fromEnv(env: EmbeddingCacheEnv): EmbeddingCacheModuleOptions;
  /** Whether TLS is on when neither `tls` nor `REDIS_EMBEDDING_CACHE_TLS` says, given the cache URL. */
  tlsByDefault(url: string): boolean;
  /**
   * Problems of options given in code that keep this topology from building a client, one line
   * each, naming the option and its variable.
   */
  optionProblems(options: EmbeddingCacheModuleOptions): string[];
  /**
   * This topology's nestjs-redis client entry, built around `connection`: the per-connection
   * ioredis options every topology shares (fail fast, credentials, TLS). Expects options without
   * `optionProblems`.
   */
  register(options: EmbeddingCacheModuleOptions, connection: RedisOptions): TopologyRegistration;
  /** The client registered under `namespace`; throws `RedisClientMissingError` when there is none. */
  borrow(services: RedisServices, namespace: string): CacheClient;
  /**
   * The servers whose key changes the L1 tier must hear about, each with a way to open a
   * connection of the cache's own to it; `undefined` while `client` does not know the topology
   * completely (a cluster slot without a master). Read again whenever a `Cluster` client
   * refreshes its slots, so a failover or a new master is followed.
   */
  invalidationSources(client: CacheClient): InvalidationSource[] | undefined;
  /** Where the client connects, for logs: never a password. */
  describe(options: EmbeddingCacheModuleOptions): string;
}
