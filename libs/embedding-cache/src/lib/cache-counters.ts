import type { EmbeddingCacheMetrics, LockResult, LookupResult } from './embedding-cache.metrics';
import type { EmbeddingCacheStats } from './interfaces/embedding-cache-stats.interface';

/** The counters of `EmbeddingCacheService.stats()`, since boot. */
export type CacheTotals = Pick<EmbeddingCacheStats, 'l1Hits' | 'hits' | 'misses' | 'corrupt' | 'errors' | 'sets'>;

/**
 * Counts lookups, writes and fleet-lock outcomes twice: in this instance's totals (for
 * `stats()`) and in the Prometheus metrics, which several instances may share.
 */
export class CacheCounters {
  private readonly totals: CacheTotals = { l1Hits: 0, hits: 0, misses: 0, corrupt: 0, errors: 0, sets: 0 };

  constructor(private readonly metrics: EmbeddingCacheMetrics) {}

  /** Counts `n` looked-up keys with `result`. */
  lookups(result: LookupResult, n: number): void {
    if (n === 0) return;
    this.metrics.lookupBy[result].inc(n);
    switch (result) {
      case 'l1_hit':
        this.totals.l1Hits += n;
        break;
      case 'hit':
        this.totals.hits += n;
        break;
      case 'miss':
        this.totals.misses += n;
        break;
      case 'corrupt':
        this.totals.corrupt += n;
        break;
      case 'error':
        this.totals.errors += n;
        break;
      default: {
        const unreachable: never = result;
        throw new Error(`unknown lookup result ${String(unreachable)}`);
      }
    }
  }

  /** Counts vectors Redis stored, and vectors it failed to store (also counted as errors). */
  writes(stored: number, failed: number): void {
    if (stored > 0) this.metrics.writes.inc({ result: 'ok' }, stored);
    if (failed > 0) this.metrics.writes.inc({ result: 'error' }, failed);
    this.totals.sets += stored;
    this.totals.errors += failed;
  }

  /** Counts `n` keys whose fleet lock ended with `result`. */
  locks(result: LockResult, n: number): void {
    if (n > 0) this.metrics.locks.inc({ result }, n);
  }

  /** A copy of the totals. */
  snapshot(): CacheTotals {
    return { ...this.totals };
  }
}
