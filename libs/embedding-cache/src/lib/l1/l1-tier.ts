import { LRUCache } from 'lru-cache';
import type { EmbeddingCacheMetrics, L1FlushReason } from '../embedding-cache.metrics';
import type { L1Read } from '../interfaces/l1-read.interface';
import { copyToPooled } from '../utils/float32-pool.util';
import { L1ReadGuard } from './l1-read-guard';

/**
 * Bytes an entry costs on top of its vector and key: the LRU's per-entry bookkeeping (~100 bytes
 * measured) and the entry object that carries the vector and its time (~50 bytes: 694 against
 * 643 bytes per entry, heap and array buffers, over 100 000 entries with and without it).
 */
const ENTRY_OVERHEAD_BYTES = 150;

/** A vector in the L1 and the time of the read that fetched it. */
interface L1Entry {
  readonly vector: Float32Array;
  readonly storedAt: number;
}

/** Settings of `L1Tier`. */
export interface L1TierSettings {
  /** Size bound in MiB. */
  maxMb: number;
  /** Entries expire this long after they were read, like the Redis TTL. */
  ttlSeconds: number;
  /** Longest time an entry is served without the invalidation channel vouching for it. */
  maxStaleMs: number;
  /** Monotonic clock in milliseconds. @default performance.now */
  now?: () => number;
}

/**
 * The in-process tier in front of Redis: vectors by key, bounded by bytes, expiring with the
 * Redis TTL, and coherent with Redis: the invalidation channel (`L1InvalidationChannel`) drops
 * the keys Redis reports changed and flushes the tier when it may have missed a report.
 *
 * It holds only what reads of Redis returned (`beginRead` / `keep` / `endRead`), so a reply
 * overtaken by an invalidation of its key is refused (`L1ReadGuard`). An entry is served while
 * the channel vouches that every change up to a recent moment has been applied (`vouch`);
 * otherwise only while it is younger than `maxStaleMs`. It keeps private copies, in
 * ArrayBuffers of their own, and hands out pooled copies, so no caller can alter what others
 * will read and one kept vector never pins a 64 KB pool.
 */
export class L1Tier {
  private readonly lru: LRUCache<string, L1Entry>;
  private readonly guard = new L1ReadGuard();
  private readonly maxStaleMs: number;
  /** The tier's monotonic clock in milliseconds (0.05-0.25 µs a reading on these VMs: read it once per batch). */
  readonly now: () => number;
  /** Every change Redis made before this moment has been applied here. */
  private vouchedAt = -Infinity;

  constructor(
    settings: L1TierSettings,
    private readonly metrics: EmbeddingCacheMetrics,
  ) {
    this.maxStaleMs = settings.maxStaleMs;
    this.now = settings.now ?? (() => performance.now());
    this.lru = new LRUCache<string, L1Entry>({
      maxSize: settings.maxMb * 1024 * 1024,
      sizeCalculation: (entry, key) => entry.vector.byteLength + key.length + ENTRY_OVERHEAD_BYTES,
      ttl: settings.ttlSeconds * 1000,
      ttlAutopurge: false,
    });
  }

  /**
   * A copy of the vector under `key` (see `allocPooledFloat32`), or `undefined` when there is
   * none or it may be stale: neither it nor the channel's last word is within `maxStaleMs` of
   * `at` (a `now()` reading, taken once for all the keys of a batch).
   */
  read(key: string, at: number = this.now()): Float32Array | undefined {
    const vector = this.peek(key, at);
    return vector && copyToPooled(vector);
  }

  /**
   * The tier's own vector under `key` when `read` would return a copy of it, without the copy;
   * for callers that only look at it synchronously and keep nothing (`fromMemory`): it must not
   * be modified nor held past the current turn of the event loop.
   */
  peek(key: string, at: number): Float32Array | undefined {
    const entry = this.lru.get(key);
    if (!entry) return undefined;
    if (at - Math.max(entry.storedAt, this.vouchedAt) > this.maxStaleMs) return undefined;
    return entry.vector;
  }

  /** Registers a read of Redis about to be sent; end it with `endRead` whatever its outcome. */
  beginRead(): L1Read {
    return this.guard.begin(this.now());
  }

  /** Keeps a private copy of what `read` returned for `key`, unless `key` changed since the read began. */
  keep(read: L1Read, key: string, vector: Float32Array): void {
    if (this.guard.mayKeep(read, key)) this.lru.set(key, { vector: new Float32Array(vector), storedAt: read.startedAt });
  }

  /** Ends `read`: nothing it returned can be kept any more. */
  endRead(read: L1Read): void {
    this.guard.end(read);
  }

  /** Drops `keys`, which Redis reports changed (overwritten, deleted, expired, evicted). */
  invalidate(keys: readonly string[]): void {
    this.metrics.l1Invalidations.inc(keys.length);
    this.drop(keys);
  }

  /** Drops `keys` this process is writing, so that it reads its own writes. */
  forget(keys: readonly string[]): void {
    this.drop(keys);
  }

  /** Drops every entry, and every read in flight, for `reason`. */
  flush(reason: L1FlushReason): void {
    this.metrics.l1FlushesBy[reason].inc();
    this.guard.flushed();
    this.lru.clear();
  }

  /**
   * Records that every change Redis made before `at` (a `now()` value) has been applied; entries
   * are served while `at` is within `maxStaleMs`. `-Infinity` withdraws the guarantee.
   */
  vouch(at: number): void {
    this.vouchedAt = at;
  }

  /** Number of entries. */
  get entries(): number {
    return this.lru.size;
  }

  /** Bytes the entries account for (bounded by the configured size). */
  get bytes(): number {
    return this.lru.calculatedSize;
  }

  private drop(keys: readonly string[]): void {
    this.guard.invalidated(keys);
    for (const key of keys) this.lru.delete(key);
  }
}
