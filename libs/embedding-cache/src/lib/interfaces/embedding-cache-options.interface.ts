import type { Registry } from 'prom-client';
import type { VectorDtype } from '../utils/vector-format.constants';
import type { RedisMode } from './redis-mode.interface';

/** Options of `EmbeddingCacheModule.forRoot` / `forRootAsync`. Every field is optional. */
export interface EmbeddingCacheModuleOptions {
  /**
   * Use Redis at all. When `false` every lookup misses, every write is a no-op and no
   * Redis client is needed.
   * @default true
   */
  enabled?: boolean;
  /**
   * Redis topology. With `cluster` the service borrows a `Cluster` client from nestjs-redis'
   * `ClusterService`; otherwise a `Redis` client from `RedisService`.
   * @default 'standalone'
   */
  mode?: RedisMode;
  /**
   * Redis URL (`redis://` or `rediss://`) in `standalone` mode. Only read by the client
   * builders (`buildEmbeddingCacheRedisConfig`); the service borrows the registered client.
   * @default 'redis://127.0.0.1:6379'
   */
  url?: string;
  /** Cluster seed nodes as `host:port`, required in `cluster` mode. */
  nodes?: readonly string[];
  /** Sentinels as `host:port`, required in `sentinel` mode. */
  sentinels?: readonly string[];
  /** Name of the master the sentinels monitor, required in `sentinel` mode. */
  sentinelMaster?: string;
  /** Password of the sentinels themselves, if they require one. */
  sentinelPassword?: string;
  /**
   * ACL user of the data nodes (all modes). Overrides the user in the URL.
   * @default the URL's user, else Redis' `default` user
   */
  username?: string;
  /** Password of the data nodes (all modes). Overrides the password in the URL. */
  password?: string;
  /**
   * Connect with TLS (to data nodes, and to sentinels in `sentinel` mode).
   * @default true for a `rediss://` URL, false otherwise
   */
  tls?: boolean;
  /** PEM file of the CA to trust for TLS, instead of the system's CAs (e.g. a private CA). */
  tlsCaFile?: string;
  /**
   * Namespace of the `@liaoliaots/nestjs-redis` client to borrow.
   * @default 'embedding-cache'
   */
  redisNamespace?: string;
  /**
   * Key prefix: keys are `<prefix>:<sha256hex(model::text)>`.
   * @default 'embedding_cache'
   */
  prefix?: string;
  /**
   * Time to live of every entry, in seconds.
   * @default 2592000 (30 days)
   */
  ttlSeconds?: number;
  /**
   * Time budget of a single-key Redis call in milliseconds; batches get more in proportion
   * to their payload (see README, "Timeouts").
   * @default 50
   */
  timeoutMs?: number;
  /**
   * Consecutive failed calls that open the circuit.
   * @default 3
   */
  breakerThreshold?: number;
  /**
   * Interval of the background PING that closes an open circuit, in milliseconds.
   * @default 250
   */
  probeIntervalMs?: number;
  /**
   * How long boot waits for the first connection before going on uncached, in milliseconds.
   * @default 1000
   */
  connectWaitMs?: number;
  /**
   * Fleet-wide single-flight: before computing a miss, take a short Redis lock on its key
   * (`SET <prefix>:lock:<hash> <token> NX PX lockTtlMs`); other processes that meet the same key
   * wait for the value instead of computing it.
   * @default true
   */
  lockEnabled?: boolean;
  /**
   * Lifetime of a lock in milliseconds: if its holder dies, others take over after this.
   * Keep it above the provider's usual time for one batch.
   * @default 30000
   */
  lockTtlMs?: number;
  /**
   * Longest time a call waits for another process's value before computing it itself.
   * @default 10000
   */
  lockWaitMs?: number;
  /**
   * Interval between checks for a value another process is computing, in milliseconds.
   * @default 50
   */
  lockPollMs?: number;
  /**
   * Element type of written values: `float32` (exact) or `float16` (half the memory; cosine
   * similarity to the original ≥ 0.9999 for embedding values). Readers accept both whatever the setting.
   * @default 'float32'
   */
  dtype?: VectorDtype;
  /**
   * Size of the in-process L1 tier in front of Redis, in MiB (0 disables it, and its
   * invalidation connections). It drops what Redis reports overwritten, deleted, expired or
   * evicted (`CLIENT TRACKING` on connections of its own; see `l1MaxStaleMs`).
   * @default 64
   */
  l1MaxMb?: number;
  /**
   * Dimension count of each model's vectors, by the model id given to the service's methods
   * (e.g. `{ 'text-embedding-3-small': 1536 }`): a lookup of a listed model that states no
   * `dimensions` of its own expects these (see `VectorLookupOptions.dimensions`).
   * @default {} (no model listed)
   */
  modelDimensions?: Readonly<Record<string, number>>;
  /**
   * Longest time, in milliseconds, the L1 tier serves an entry that its invalidation channel
   * does not vouch for: while the channel is down, refused or not yet subscribed (Redis down
   * included), only entries read from Redis within this time are served. Raising it trades
   * coherence for serving from L1 through longer Redis outages.
   * @default 1000
   */
  l1MaxStaleMs?: number;
  /**
   * prom-client registry the cache metrics are registered on.
   * @default the prom-client global registry
   */
  registry?: Registry;
}
