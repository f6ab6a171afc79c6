import type { Registry } from 'prom-client';
import type { VectorDtype } from '../utils/vector-format.constants';

/** Options of `EmbeddingCacheModule.forRoot` / `forRootAsync`. Every field is optional. */
export interface EmbeddingCacheModuleOptions {
  /**
   * Use Redis at all. When `false` every lookup misses, every write is a no-op and no
   * Redis client is needed.
   * @default true
   */
  enabled?: boolean;
  /**
   * Redis URL (`redis://` or `rediss://`). Only read by `buildEmbeddingCacheRedisConfig`;
   * the service itself borrows the client registered under `redisNamespace`.
   * @default 'redis://127.0.0.1:6379'
   */
  url?: string;
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
   * Size of the in-process L1 tier in front of Redis, in MiB (0 disables it). Entries are
   * content-addressed, so never stale; it also serves while Redis is down.
   * @default 64
   */
  l1MaxMb?: number;
  /**
   * prom-client registry the cache metrics are registered on.
   * @default the prom-client global registry
   */
  registry?: Registry;
}
