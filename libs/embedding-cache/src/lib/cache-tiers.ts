import { withSpan } from '@rag/tracing';
import type { CacheCounters } from './cache-counters';
import type { FetchedVectors } from './interfaces/fetched-vectors.interface';
import type { VectorInput } from './interfaces/vector-input.interface';
import type { L1Tier } from './l1/l1-tier';
import type { VectorCommands } from './redis/vector-commands';
import { encodeVector } from './utils/encode-vector.util';
import type { VectorDtype } from './utils/vector-format.constants';

/** Attributes of every span of a cache lookup or write (values in the style of OTel's database conventions). */
const REDIS_SPAN = { 'db.system.name': 'redis' } as const;

/**
 * The two tiers read and written as one: lookups try the in-process L1 first and fill it from
 * Redis, unless the key changed while the read was in flight (see `L1Tier.keep`); writes drop
 * the key from L1 and store the encoded value in Redis. The L1 holds only what Redis returned:
 * a written value would be dropped again at once by the invalidation of this very write, so the
 * next read of a key this process wrote goes to Redis once. Without an L1 every call goes
 * straight to `VectorCommands`. Batch lookups and writes are traced (`embedding_cache.get` with
 * keys, hits, misses and bytes of the vectors found; `embedding_cache.set` with keys, encoded bytes
 * and the number stored).
 */
export class CacheTiers {
  constructor(
    private readonly l1: L1Tier | undefined,
    private readonly redis: VectorCommands,
    private readonly counters: CacheCounters,
    private readonly dtype: VectorDtype,
  ) {}

  /**
   * The vector under `key`, or `null` on a miss, a corrupt value or any Redis fault. With `dims`,
   * a value of another length in either tier is not returned (see `fetch`).
   */
  get(key: string, dims?: number): Promise<Float32Array | null> {
    return this.l1 ? this.getThroughL1(this.l1, key, dims) : this.redis.readOne(key, dims);
  }

  /** Stores one (checked) vector. Resolves whether Redis stored it. */
  set(key: string, vector: VectorInput): Promise<boolean> {
    const value = encodeVector(vector, this.dtype);
    this.l1?.forget([key]);
    return this.redis.writeOne(key, value);
  }

  /**
   * Looks `keys` up in L1, then the rest in Redis (see `VectorCommands.read`); a fault gives
   * misses. `count` is false for the polls of a fleet-lock wait, which are not lookups of their own.
   * With `dims`, an L1 entry of another length is looked up in Redis instead (and counted there),
   * and a Redis value of another length is corrupt; a recomputed value then replaces both.
   */
  fetch(keys: readonly string[], count = true, dims?: number): Promise<FetchedVectors> {
    const read = (): Promise<FetchedVectors> => (this.l1 ? this.fetchThroughL1(this.l1, keys, count, dims) : this.redis.read(keys, count, dims));
    // The polls of a lock wait belong to its `embedding_cache.lock_wait` span, not spans of their own.
    if (!count) return read();
    return withSpan('embedding_cache.get', { attributes: { ...REDIS_SPAN, 'db.operation.name': 'MGET', 'embedding_cache.keys': keys.length } }, async (span) => {
      const fetched = await read();
      if (span.isRecording()) {
        let hits = 0;
        let bytes = 0;
        for (const vector of fetched.vectors) {
          if (vector === null) continue;
          hits += 1;
          bytes += vector.byteLength;
        }
        span.setAttributes({ 'embedding_cache.hits': hits, 'embedding_cache.misses': keys.length - hits, 'embedding_cache.bytes': bytes, 'embedding_cache.faulted': fetched.faulted });
      }
      return fetched;
    });
  }

  /** Stores (checked) `vectors[i]` under `keys[i]` in one pipeline per node. Resolves the number Redis stored. */
  store(keys: readonly string[], vectors: readonly VectorInput[]): Promise<number> {
    const values = new Array<Buffer>(keys.length);
    let bytes = 0;
    for (let i = 0; i < keys.length; i += 1) {
      values[i] = encodeVector(vectors[i], this.dtype);
      bytes += values[i].length;
    }
    this.l1?.forget(keys);
    const attributes = { ...REDIS_SPAN, 'db.operation.name': 'SET', 'embedding_cache.keys': keys.length, 'embedding_cache.bytes': bytes };
    return withSpan('embedding_cache.set', { attributes }, async (span) => {
      const stored = await this.redis.write(keys, values);
      span.setAttribute('embedding_cache.stored', stored);
      return stored;
    });
  }

  /**
   * Empties L1, then deletes every key under the prefix in Redis (every other process drops them
   * on the invalidations). Resolves the number deleted in Redis.
   */
  clear(): Promise<number> {
    this.l1?.flush('clear');
    return this.redis.clear();
  }

  private async getThroughL1(l1: L1Tier, key: string, dims: number | undefined): Promise<Float32Array | null> {
    const cached = l1.read(key);
    if (cached && (dims === undefined || cached.length === dims)) {
      this.counters.lookups('l1_hit', 1);
      return cached;
    }
    const read = l1.beginRead();
    try {
      const vector = await this.redis.readOne(key, dims);
      if (vector) l1.keep(read, key, vector);
      return vector;
    } finally {
      l1.endRead(read);
    }
  }

  private async fetchThroughL1(l1: L1Tier, keys: readonly string[], count: boolean, dims: number | undefined): Promise<FetchedVectors> {
    const result: Array<Float32Array | null> = new Array(keys.length).fill(null);
    const remote: string[] = [];
    const remoteAt: number[] = [];
    const at = l1.now();
    keys.forEach((key, i) => {
      const cached = l1.read(key, at);
      if (cached && (dims === undefined || cached.length === dims)) result[i] = cached;
      else {
        remote.push(key);
        remoteAt.push(i);
      }
    });
    if (count) this.counters.lookups('l1_hit', keys.length - remote.length);
    if (remote.length === 0) return { vectors: result, faulted: false };
    const read = l1.beginRead();
    try {
      const fetched = await this.redis.read(remote, count, dims);
      fetched.vectors.forEach((vector, j) => {
        if (!vector) return;
        result[remoteAt[j]] = vector;
        l1.keep(read, remote[j], vector);
      });
      return { vectors: result, faulted: fetched.faulted };
    } finally {
      l1.endRead(read);
    }
  }
}
