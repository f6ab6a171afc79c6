import type { CacheConnectionState } from './cache-connection-state.interface';

/** Counters since boot and the current connection state, from `EmbeddingCacheService.stats()`. */
export interface EmbeddingCacheStats {
  /** Lookups answered from Redis. */
  hits: number;
  /** Lookups Redis answered with nothing. */
  misses: number;
  /** Stored values that could not be decoded (foreign format, wrong length, odd dims). */
  corrupt: number;
  /** Lookups or writes that failed or were skipped because Redis was unavailable. */
  errors: number;
  /** Vectors written. */
  sets: number;
  /** Current state of the cache. */
  state: CacheConnectionState;
}
