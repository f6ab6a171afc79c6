import { MODULE_OPTIONS_TOKEN } from './embedding-cache.module-definition';
import type { RedisMode } from './interfaces/redis-mode.interface';

/** Injection token of the resolved `EmbeddingCacheModuleOptions`. */
export const EMBEDDING_CACHE_OPTIONS = MODULE_OPTIONS_TOKEN;

/** Namespace of the `@liaoliaots/nestjs-redis` client the cache borrows. */
export const EMBEDDING_CACHE_REDIS_NAMESPACE = 'embedding-cache';

/** Default Redis URL when neither `REDIS_EMBEDDING_CACHE_URL` nor `REDIS_URL` is set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Seconds in a day; TTLs are configured in days. */
export const SECONDS_PER_DAY = 86_400;

/** Defaults of every option; merged once with what the caller passes. */
export const EMBEDDING_CACHE_DEFAULTS = {
  enabled: true,
  mode: 'standalone' as RedisMode,
  url: DEFAULT_REDIS_URL,
  redisNamespace: EMBEDDING_CACHE_REDIS_NAMESPACE,
  prefix: 'embedding_cache',
  ttlSeconds: 30 * SECONDS_PER_DAY,
  timeoutMs: 50,
  breakerThreshold: 3,
  probeIntervalMs: 250,
  connectWaitMs: 1_000,
  lockEnabled: true,
  lockTtlMs: 30_000,
  lockWaitMs: 10_000,
  lockPollMs: 50,
  dtype: 'float32',
  l1MaxMb: 64,
  modelDimensions: {} as Readonly<Record<string, number>>,
  l1MaxStaleMs: 1_000,
} as const;

/**
 * Minimum throughput assumed when a batch's time budget is scaled by its payload:
 * 10 MB/s, far below loopback or LAN speeds, so only a stalled server exceeds it.
 * A 1000 × 1536-dim batch (6.1 MB) gets 50 ms + 615 ms.
 */
export const BATCH_BYTES_PER_MS = 10_000;

/** Upper bound of any single Redis call, also set as the client's `commandTimeout` safety net. */
export const MAX_CALL_BUDGET_MS = 5_000;

/** Expected value size before any value has been read: a 1536-dim float32 vector. */
export const DEFAULT_EXPECTED_VALUE_BYTES = 8 + 4 * 1536;

/** Longest entry lifetime, in days (`REDIS_EMBEDDING_CACHE_TTL_DAYS`); ten years. */
export const MAX_TTL_DAYS = 3650;

/**
 * Inclusive ranges of the numeric options, shared by the env class (whose TTL is in days, from
 * 1 to `MAX_TTL_DAYS`) and the check of options given in code.
 */
export const OPTION_RANGES = {
  ttlSeconds: [1, MAX_TTL_DAYS * SECONDS_PER_DAY],
  timeoutMs: [1, 10_000],
  breakerThreshold: [1, 1_000],
  probeIntervalMs: [10, 60_000],
  connectWaitMs: [0, 60_000],
  lockTtlMs: [100, 3_600_000],
  lockWaitMs: [0, 3_600_000],
  lockPollMs: [5, 60_000],
  l1MaxMb: [0, 65_536],
  l1MaxStaleMs: [100, 86_400_000],
} as const satisfies Record<string, readonly [number, number]>;
