import type { CacheConnectionState } from './cache-connection-state.interface';
import type { L1ChannelState } from './l1-channel-state.interface';

/** Counters since boot and the current connection state, from `EmbeddingCacheService.stats()`. */
export interface EmbeddingCacheStats {
  /** Lookups answered by the in-process L1 tier. */
  l1Hits: number;
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
  /** Entries in the L1 tier. */
  l1Entries: number;
  /** Bytes the L1 tier accounts for (bounded by `l1MaxMb`). */
  l1Bytes: number;
  /** Current state of the cache. */
  state: CacheConnectionState;
  /** State of the L1 tier's invalidation channel (`off` without an L1). */
  l1Channel: L1ChannelState;
}
