import { LRUCache } from 'lru-cache';
import type { VectorInput } from '../interfaces/vector-input.interface';
import { copyToPooled } from '../utils/float32-pool.util';

/** Bytes an entry costs on top of its vector and key: the LRU's per-entry bookkeeping (~100 bytes measured). */
const ENTRY_OVERHEAD_BYTES = 100;

/**
 * The in-process tier in front of Redis: vectors by key, bounded by bytes, expiring with the
 * Redis TTL. It keeps private copies, in ArrayBuffers of their own, and hands out pooled copies,
 * so no caller can alter what others will read and one kept vector never pins a 64 KB pool.
 */
export class L1Tier {
  private readonly lru: LRUCache<string, Float32Array>;

  constructor(maxMb: number, ttlSeconds: number) {
    this.lru = new LRUCache<string, Float32Array>({
      maxSize: maxMb * 1024 * 1024,
      sizeCalculation: (vector, key) => vector.byteLength + key.length + ENTRY_OVERHEAD_BYTES,
      ttl: ttlSeconds * 1000,
      ttlAutopurge: false,
    });
  }

  /** A copy of the vector under `key` (see `allocPooledFloat32`), or `undefined`. */
  read(key: string): Float32Array | undefined {
    const cached = this.lru.get(key);
    return cached ? copyToPooled(cached) : undefined;
  }

  /** Keeps a private float32 copy of `vector` under `key`. */
  remember(key: string, vector: VectorInput): void {
    this.lru.set(key, new Float32Array(vector as ArrayLike<number>));
  }

  /** Drops every entry. */
  clear(): void {
    this.lru.clear();
  }

  /** Number of entries. */
  get entries(): number {
    return this.lru.size;
  }

  /** Bytes the entries account for (bounded by the configured size). */
  get bytes(): number {
    return this.lru.calculatedSize;
  }
}
