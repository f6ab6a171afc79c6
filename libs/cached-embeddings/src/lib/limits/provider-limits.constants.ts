import type { ProviderLimits } from './provider-limits.interface';

/**
 * Defaults of `ProviderLimits`. 8 calls at once is what a 2-core machine's local provider threads
 * or a paid API's usual per-key concurrency absorb; 40 M characters is four requests of the
 * 10 MB body limit (the 32 × 10 MB load of issue #14 held 1.35 GB of RSS without a bound).
 */
export const DEFAULT_PROVIDER_LIMITS: ProviderLimits = Object.freeze({
  maxConcurrency: 8,
  maxQueue: 64,
  maxPendingChars: 48_000_000,
  maxWaitMs: 10_000,
});

/** Injection token of the process-wide `ProviderLimiter`. */
export const PROVIDER_LIMITER = Symbol('CachedEmbeddings:ProviderLimiter');
