import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ClusterService, RedisService } from '@liaoliaots/nestjs-redis';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { resolveOptions } from './config/resolve-options.util';
import type { ResolvedEmbeddingCacheOptions } from './config/resolve-options.util';
import {
  BATCH_BYTES_PER_MS,
  DEFAULT_EXPECTED_VALUE_BYTES,
  EMBEDDING_CACHE_OPTIONS,
  MAX_CALL_BUDGET_MS,
} from './embedding-cache.constants';
import { EmbeddingCacheMetrics } from './embedding-cache.metrics';
import type { LockResult, LookupResult } from './embedding-cache.metrics';
import { InvalidArgumentError } from './errors/invalid-argument.error';
import { InvalidVectorError } from './errors/invalid-vector.error';
import { RedisClientMissingError } from './errors/redis-client-missing.error';
import type { ComputeEmbeddings } from './interfaces/compute-embeddings.interface';
import type { CacheClient } from './interfaces/cache-client.interface';
import type { EmbeddingCacheEntry } from './interfaces/embedding-cache-entry.interface';
import type { EmbeddingCacheModuleOptions } from './interfaces/embedding-cache-options.interface';
import type { EmbeddingCacheStats } from './interfaces/embedding-cache-stats.interface';
import type { GetOrComputeResult } from './interfaces/get-or-compute-result.interface';
import type { VectorInput } from './interfaces/vector-input.interface';
import { connectTimeoutFor } from './redis/build-connection-options.util';
import { CacheConnection } from './redis/cache-connection';
import type { PingOutcome } from './redis/cache-connection';
import { FleetLock } from './redis/fleet-lock';
import { isCluster } from './redis/group-keys-by-node.util';
import { settlePipeline } from './redis/settle-pipeline.util';
import { buildCacheKey } from './utils/cache-key.util';
import { decodeVector } from './utils/decode-vector.util';
import { allocPooledFloat32, copyToPooled } from './utils/float32-pool.util';
import { encodeVector } from './utils/encode-vector.util';

/**
 * The shared embedding cache: binary float32 vectors in Redis under
 * `<prefix>:<sha256hex(model::text)>`, batch round trips, and fail-open behaviour: no method
 * rejects because of Redis; a Redis fault costs a miss or a skipped write.
 */
@Injectable()
export class EmbeddingCacheService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('EmbeddingCache');
  private readonly options: ResolvedEmbeddingCacheOptions;
  private readonly connection: CacheConnection;
  private readonly lock: FleetLock;
  private readonly inflight = new Map<string, Promise<Float32Array>>();
  private readonly counters = { l1Hits: 0, hits: 0, misses: 0, corrupt: 0, errors: 0, sets: 0 };
  /** In-process tier: private copies of vectors by key, bounded by bytes. */
  private readonly l1: LRUCache<string, Float32Array> | undefined;
  /** Largest value seen so far; sizes the time budget of batch reads. */
  private expectedValueBytes = DEFAULT_EXPECTED_VALUE_BYTES;

  constructor(
    @Inject(EMBEDDING_CACHE_OPTIONS) options: EmbeddingCacheModuleOptions,
    private readonly metrics: EmbeddingCacheMetrics,
    @Optional() redisService?: RedisService,
    @Optional() clusterService?: ClusterService,
  ) {
    this.options = resolveOptions(options);
    const client = this.options.enabled
      ? borrowClient(this.options.mode === 'cluster' ? clusterService : redisService, this.options.redisNamespace)
      : undefined;
    this.connection = new CacheConnection(
      client,
      { ...this.options, readyTimeoutMs: readyTimeoutFor(this.options.timeoutMs) },
      this.logger,
      metrics,
    );
    this.lock = new FleetLock(this.connection, this.options.lockTtlMs, this.options.timeoutMs);
    if (this.options.enabled && this.options.l1MaxMb > 0) {
      this.l1 = new LRUCache<string, Float32Array>({
        maxSize: this.options.l1MaxMb * 1024 * 1024,
        // The vector's bytes plus the key and per-entry bookkeeping (~100 bytes measured).
        sizeCalculation: (vector, key) => vector.byteLength + key.length + 100,
        ttl: this.options.ttlSeconds * 1000,
        ttlAutopurge: false,
      });
    }
  }

  /** Waits (bounded by `connectWaitMs`) for the first connection, so a healthy Redis serves the first request. */
  async onModuleInit(): Promise<void> {
    await this.connection.waitUntilSettled(this.options.connectWaitMs);
  }

  onModuleDestroy(): void {
    this.connection.dispose();
  }

  /** `<prefix>:<sha256hex(model::text)>`, the text taken exactly as given. */
  makeKey(model: string, text: string): string {
    assertString('model', model);
    assertString('text', text);
    return buildCacheKey(this.options.prefix, model, text);
  }

  /** `false` when disabled by configuration, while Redis is unreachable, or while the circuit is open. */
  enabled(): boolean {
    return this.connection.available();
  }

  /**
   * The stored vector, or `null` on a miss, a corrupt value or any Redis fault. One round trip.
   * Vectors this service returns are the caller's to modify, but may be views into a shared
   * ArrayBuffer (see `allocPooledFloat32`): read `.buffer` with `byteOffset` and `byteLength`.
   */
  async get(model: string, text: string): Promise<Float32Array | null> {
    const key = this.makeKey(model, text);
    const cached = this.l1?.get(key);
    if (cached) {
      this.count('l1_hit', 1);
      return copyToPooled(cached);
    }
    const outcome = await this.connection.call('get', this.budgetFor(this.expectedValueBytes), (c) =>
      c.getBuffer(key),
    );
    if (!outcome.ok) {
      this.count('error', 1);
      return null;
    }
    if (outcome.value === null) {
      this.count('miss', 1);
      return null;
    }
    const vector = this.decode(outcome.value);
    this.count(vector ? 'hit' : 'corrupt', 1);
    if (vector) this.l1?.set(key, vector.slice());
    return vector;
  }

  /**
   * Stores one vector with `SET key value EX ttl` (a single command, never SET then EXPIRE).
   * Resolves `true` if Redis stored it, `false` on any Redis fault.
   */
  async set(model: string, text: string, vector: VectorInput): Promise<boolean> {
    const key = this.makeKey(model, text);
    const checked = checkVector(vector, 'vector');
    const value = encodeVector(checked, this.options.dtype);
    this.remember(key, checked);
    const outcome = await this.connection.call('set', this.budgetFor(value.length), (c) =>
      c.set(key, value, 'EX', this.options.ttlSeconds),
    );
    const stored = outcome.ok && outcome.value === 'OK';
    this.countWrites(stored ? 1 : 0, stored ? 0 : 1);
    return stored;
  }

  /**
   * Looks up many texts in one round trip (MGET of the unique keys). Results are in input order;
   * a text given twice is fetched once and its result repeated.
   */
  async getMany(model: string, texts: readonly string[]): Promise<Array<Float32Array | null>> {
    assertStringArray('texts', texts);
    const keys = new Map<string, number>();
    const slots = texts.map((text) => {
      const key = this.makeKey(model, text);
      let slot = keys.get(key);
      if (slot === undefined) {
        slot = keys.size;
        keys.set(key, slot);
      }
      return slot;
    });
    const { vectors: found } = await this.fetch([...keys.keys()]);
    return slots.map((slot) => found[slot]);
  }

  /** Stores many vectors with one pipeline of `SET … EX`. Resolves the number stored. */
  async setMany(model: string, entries: readonly EmbeddingCacheEntry[]): Promise<number> {
    if (!Array.isArray(entries)) throw new InvalidArgumentError('entries must be an array of { text, vector }');
    const keys = entries.map((entry, i) => {
      if (!entry || typeof entry !== 'object') throw new InvalidArgumentError(`entries[${i}] must be { text, vector }`);
      return this.makeKey(model, entry.text);
    });
    const vectors = entries.map((entry, i) => checkVector(entry.vector, `entries[${i}].vector`));
    keys.forEach((key, i) => this.remember(key, vectors[i]));
    return this.store(
      keys,
      vectors.map((vector) => encodeVector(vector, this.options.dtype)),
    );
  }

  /** `getOrComputeDetailed` without the counts: every vector, in input order. */
  async getOrCompute(model: string, texts: readonly string[], compute: ComputeEmbeddings): Promise<Float32Array[]> {
    return (await this.getOrComputeDetailed(model, texts, compute)).vectors;
  }

  /**
   * Returns a vector for every text, in input order, and how many came from the cache.
   * Unique texts are looked up in one round trip (per node on a cluster); `compute` is called at
   * most once, with only the texts that missed, de-duplicated; concurrent calls in this process
   * that need the same key share one computation; computed vectors are written back before this
   * resolves, except after a lookup that Redis failed: then the write-back runs behind the
   * caller, which pays at most one Redis deadline per call. A `compute` error is passed to the
   * caller and nothing is cached; a Redis fault only turns hits into misses.
   *
   * Vectors shared by concurrent calls are the same `Float32Array` instance: treat results as read-only.
   */
  async getOrComputeDetailed(
    model: string,
    texts: readonly string[],
    compute: ComputeEmbeddings,
  ): Promise<GetOrComputeResult> {
    assertStringArray('texts', texts);
    if (typeof compute !== 'function') throw new InvalidArgumentError('compute must be a function');
    const uniqueKeys: string[] = [];
    const uniqueTexts: string[] = [];
    const slotOfKey = new Map<string, number>();
    const slots = texts.map((text) => {
      const key = this.makeKey(model, text);
      let slot = slotOfKey.get(key);
      if (slot === undefined) {
        slot = uniqueKeys.length;
        slotOfKey.set(key, slot);
        uniqueKeys.push(key);
        uniqueTexts.push(text);
      }
      return slot;
    });

    const vectors: Array<Float32Array | undefined> = new Array(uniqueKeys.length);
    const fromCache: boolean[] = new Array(uniqueKeys.length).fill(false);
    const waits: Array<Promise<void>> = [];
    const shareOrCollect = (slots: readonly number[]): number[] => {
      const own: number[] = [];
      for (const slot of slots) {
        const pending = this.inflight.get(uniqueKeys[slot]);
        if (pending) waits.push(pending.then((vector) => void (vectors[slot] = vector)));
        else own.push(slot);
      }
      return own;
    };

    const toFetch = shareOrCollect(uniqueKeys.map((_, slot) => slot));
    const { vectors: found, faulted } = await this.fetch(toFetch.map((slot) => uniqueKeys[slot]));
    const missed: number[] = [];
    toFetch.forEach((slot, i) => {
      const vector = found[i];
      if (vector) {
        vectors[slot] = vector;
        fromCache[slot] = true;
      } else {
        missed.push(slot);
      }
    });
    // Another call may have started computing some of these while this one awaited Redis.
    const mine = shareOrCollect(missed).map((slot) => ({ key: uniqueKeys[slot], text: uniqueTexts[slot], slot }));
    const computed = mine.length > 0 ? await this.computeMisses(mine, vectors, compute, faulted) : 0;
    await Promise.all(waits);

    let hits = 0;
    const result = slots.map((slot) => {
      if (fromCache[slot]) hits += 1;
      return vectors[slot] as Float32Array;
    });
    return { vectors: result, hits, misses: texts.length - hits, computed };
  }

  /**
   * Deletes every key under the prefix (SCAN + UNLINK, never KEYS or FLUSHDB), on every master
   * of a cluster. Resolves the number deleted; stops at the first Redis fault.
   */
  async clear(): Promise<number> {
    this.l1?.clear();
    let deleted = 0;
    for (const node of this.connection.scanTargets()) {
      const result = await this.clearNode(node);
      deleted += result.deleted;
      if (!result.complete) return this.clearInterrupted(deleted);
    }
    return deleted;
  }

  /** Counters since boot and the connection state. */
  stats(): EmbeddingCacheStats {
    return {
      ...this.counters,
      l1Entries: this.l1?.size ?? 0,
      l1Bytes: this.l1?.calculatedSize ?? 0,
      state: this.connection.state(),
    };
  }

  /** PINGs Redis within the timeout for health checks. Never throws. */
  ping(): Promise<PingOutcome> {
    return this.connection.ping();
  }

  /**
   * Computes the misses this process is first to need, sharing each result with concurrent
   * calls in this process (through `inflight`) and, with the fleet lock, with other processes.
   * Resolves how many texts this call passed to `compute`.
   */
  private async computeMisses(
    misses: readonly Miss[],
    vectors: Array<Float32Array | undefined>,
    compute: ComputeEmbeddings,
    faulted: boolean,
  ): Promise<number> {
    const deferreds = new Map<string, Deferred<Float32Array>>();
    for (const miss of misses) {
      const deferred = createDeferred<Float32Array>();
      deferreds.set(miss.key, deferred);
      this.inflight.set(miss.key, deferred.promise);
    }
    const settle = (miss: Miss, vector: Float32Array): void => {
      vectors[miss.slot] = vector;
      deferreds.get(miss.key)?.resolve(vector);
      this.inflight.delete(miss.key);
    };
    try {
      // After a faulted lookup a lock and a write-back would most likely pay the same deadline
      // again: the caller pays at most one Redis deadline, and the write-back goes on behind it.
      if (faulted) return await this.computeBatch(misses, compute, settle, false);
      return this.options.lockEnabled && this.connection.available()
        ? await this.computeWithFleetLock(misses, compute, settle)
        : await this.computeBatch(misses, compute, settle);
    } catch (error) {
      for (const miss of misses) {
        if (vectors[miss.slot] === undefined) deferreds.get(miss.key)?.reject(error);
        this.inflight.delete(miss.key);
      }
      throw error;
    }
  }

  /**
   * Calls `compute` once for `misses`, hands out the vectors, and writes them back: before
   * resolving, or in the background when `awaitWrite` is false.
   */
  private async computeBatch(
    misses: readonly Miss[],
    compute: ComputeEmbeddings,
    settle: Settle,
    awaitWrite = true,
  ): Promise<number> {
    if (misses.length === 0) return 0;
    const computed = toFloat32Vectors(await compute(misses.map((miss) => miss.text)), misses.length);
    misses.forEach((miss, i) => {
      settle(miss, computed[i]);
      this.remember(miss.key, computed[i]);
    });
    const written = this.store(
      misses.map((miss) => miss.key),
      computed.map((vector) => encodeVector(vector, this.options.dtype)),
    );
    if (awaitWrite) await written;
    else written.catch(() => undefined);
    return misses.length;
  }

  /**
   * Fleet-wide single-flight: computes the keys whose lock this process takes, and waits for the
   * others' values (bounded by `lockWaitMs`), taking over keys whose holder died or failed.
   */
  private async computeWithFleetLock(misses: readonly Miss[], compute: ComputeEmbeddings, settle: Settle): Promise<number> {
    const token = randomUUID();
    const deadline = Date.now() + this.options.lockWaitMs;
    const attempt = await this.lock.acquire(misses.map((miss) => this.lockKey(miss.key)), token);
    const owned = misses.filter((_, i) => attempt.owned[i]);
    const locked = misses.filter((_, i) => attempt.locked[i]);
    const busy = misses.filter((_, i) => !attempt.owned[i]);
    this.countLocks('acquired', locked.length);
    this.countLocks('unavailable', owned.length - locked.length);
    const wait = { cancelled: false };
    const own = this.computeLocked(owned, locked, attempt.reachable, compute, settle, token);
    const others = this.awaitOthers(busy, compute, settle, token, deadline, wait);
    // Fail fast on the first error; the other branch stops at its next poll.
    own.catch(() => (wait.cancelled = true));
    others.catch(() => undefined);
    const [mine, theirs] = await Promise.all([own, others]);
    return mine + theirs;
  }

  /**
   * Computes `misses`, then releases the locks this process holds among them (`locked`).
   *
   * Double-checked locking: another process may have written a value and released its lock
   * between our read and our `SET NX`, so the keys are read once more under the lock, and only
   * those still missing are computed. Without this, the fleet test saw one batch of 50 texts
   * computed twice (950 provider inputs for 900 texts) in one CI run in a dozen.
   */
  private async computeLocked(
    misses: readonly Miss[],
    locked: readonly Miss[],
    reachable: boolean,
    compute: ComputeEmbeddings,
    settle: Settle,
    token: string,
  ): Promise<number> {
    try {
      const missing = reachable && locked.length > 0 ? await this.settleArrived(misses, settle) : misses;
      return await this.computeBatch(missing, compute, settle);
    } finally {
      // Released after the write, so waiters find the value; released too when compute fails, so they take over at once.
      await this.lock.release(locked.map((miss) => this.lockKey(miss.key)), token);
    }
  }

  /** Polls for values other processes are computing; never waits past `deadline`. */
  private async awaitOthers(
    misses: readonly Miss[],
    compute: ComputeEmbeddings,
    settle: Settle,
    token: string,
    deadline: number,
    wait: { cancelled: boolean },
  ): Promise<number> {
    let waiting = misses;
    let computed = 0;
    while (waiting.length > 0 && !wait.cancelled) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.countLocks('timeout', waiting.length);
        return computed + (await this.computeBatch(waiting, compute, settle));
      }
      await sleep(Math.min(this.options.lockPollMs, left));
      const still = await this.settleArrived(waiting, settle);
      if (still.length === 0) break;
      // A key with neither value nor lock lost its holder (crash, expiry, or a failed compute): take it over.
      const attempt = await this.lock.acquire(still.map((miss) => this.lockKey(miss.key)), token);
      const taken = still.filter((_, i) => attempt.owned[i]);
      const locked = still.filter((_, i) => attempt.locked[i]);
      this.countLocks('takeover', locked.length);
      this.countLocks('unavailable', taken.length - locked.length);
      computed += await this.computeLocked(taken, locked, attempt.reachable, compute, settle, token);
      waiting = still.filter((_, i) => !attempt.owned[i]);
    }
    return computed;
  }

  /** Settles the keys whose value is in the cache by now (counted as waited); returns the others. */
  private async settleArrived(misses: readonly Miss[], settle: Settle): Promise<readonly Miss[]> {
    if (misses.length === 0) return misses;
    const { vectors: found } = await this.fetch(misses.map((miss) => miss.key), false);
    const missing = misses.filter((miss, i) => {
      const vector = found[i];
      if (vector) settle(miss, vector);
      return !vector;
    });
    this.countLocks('waited', misses.length - missing.length);
    return missing;
  }

  private lockKey(key: string): string {
    return `${this.options.prefix}:lock:${key.slice(this.options.prefix.length + 1)}`;
  }

  private countLocks(result: LockResult, n: number): void {
    if (n > 0) this.metrics.locks.inc({ result }, n);
  }

  /**
   * Looks `keys` up in L1, then the rest in Redis; a fault gives misses. `count` is false for
   * the polls of a fleet-lock wait, which are not lookups of their own.
   */
  private async fetch(keys: readonly string[], count = true): Promise<Fetched> {
    if (!this.l1) return this.fetchFromRedis(keys, count);
    const result: Array<Float32Array | null> = new Array(keys.length).fill(null);
    const remote: string[] = [];
    const remoteAt: number[] = [];
    keys.forEach((key, i) => {
      const cached = this.l1?.get(key);
      if (cached) result[i] = copyToPooled(cached);
      else {
        remote.push(key);
        remoteAt.push(i);
      }
    });
    if (count) this.count('l1_hit', keys.length - remote.length);
    const fetched = await this.fetchFromRedis(remote, count);
    fetched.vectors.forEach((vector, j) => {
      if (!vector) return;
      result[remoteAt[j]] = vector;
      this.l1?.set(remote[j], vector.slice());
    });
    return { vectors: result, faulted: fetched.faulted };
  }

  /**
   * Reads `keys` in one round trip per node (MGET on a standalone Redis, a pipeline of GETs per
   * node on a cluster, where MGET across slots is a CROSSSLOT error), decoded. Keys of a node
   * that failed are misses counted as errors.
   */
  private async fetchFromRedis(keys: readonly string[], count: boolean): Promise<Fetched> {
    if (keys.length === 0) return { vectors: [], faulted: false };
    const outcome = await this.connection.callPerNode<Buffer | null>(
      'get_many',
      keys,
      (group) => this.budgetFor(group.length * this.expectedValueBytes),
      async (c: CacheClient, group) => {
        if (!isCluster(c)) return c.mgetBuffer(...group);
        const pipeline = c.pipeline();
        for (const key of group) pipeline.getBuffer(key);
        return settlePipeline<Buffer | null>(await pipeline.exec());
      },
    );
    const decoded = outcome.values.map((value) => (value ? this.decode(value) : null));
    const dims = dominantDims(decoded);
    let hits = 0;
    let misses = 0;
    let corrupt = 0;
    let errors = 0;
    const vectors = decoded.map((vector, i) => {
      if (vector && vector.length === dims) {
        hits += 1;
        return vector;
      }
      const value = outcome.values[i];
      if (value === undefined) errors += 1;
      else if (value === null) misses += 1;
      else corrupt += 1;
      return null;
    });
    if (count) {
      this.count('hit', hits);
      this.count('miss', misses);
      this.count('corrupt', corrupt);
      this.count('error', errors);
    }
    return { vectors, faulted: outcome.faulted || errors > 0 };
  }

  /** Writes `values` with `SET … EX ttl`, one pipeline per node. Resolves the number stored. */
  private async store(keys: readonly string[], values: readonly Buffer[]): Promise<number> {
    if (keys.length === 0) return 0;
    const valueOf = new Map(keys.map((key, i) => [key, values[i]]));
    const ttl = this.options.ttlSeconds;
    const outcome = await this.connection.callPerNode<unknown>(
      'set_many',
      keys,
      (group) => this.budgetFor(group.reduce((sum, key) => sum + (valueOf.get(key)?.length ?? 0), 0)),
      async (c: CacheClient, group) => {
        const pipeline = c.pipeline();
        for (const key of group) pipeline.set(key, valueOf.get(key) as Buffer, 'EX', ttl);
        return settlePipeline(await pipeline.exec());
      },
    );
    const stored = outcome.values.filter((reply) => reply === 'OK').length;
    this.countWrites(stored, keys.length - stored);
    return stored;
  }

  /** Keeps a private float32 copy in L1, so no caller can alter what others will read. */
  private remember(key: string, vector: VectorInput): void {
    this.l1?.set(key, new Float32Array(vector as ArrayLike<number>));
  }

  private decode(value: Buffer): Float32Array | null {
    const vector = decodeVector(value, allocPooledFloat32);
    if (vector && value.length > this.expectedValueBytes) this.expectedValueBytes = value.length;
    return vector;
  }

  /**
   * Time budget of one call: the single-key timeout plus the time to move its payload at
   * `BATCH_BYTES_PER_MS` (10 MB/s), so a large healthy batch is never failed by the single-key
   * budget, capped at `MAX_CALL_BUDGET_MS`.
   */
  private budgetFor(bytes: number): number {
    return Math.min(MAX_CALL_BUDGET_MS, this.options.timeoutMs + Math.floor(bytes / BATCH_BYTES_PER_MS));
  }

  private count(result: LookupResult, n: number): void {
    if (n === 0) return;
    this.metrics.lookupBy[result].inc(n);
    switch (result) {
      case 'l1_hit':
        this.counters.l1Hits += n;
        break;
      case 'hit':
        this.counters.hits += n;
        break;
      case 'miss':
        this.counters.misses += n;
        break;
      case 'corrupt':
        this.counters.corrupt += n;
        break;
      case 'error':
        this.counters.errors += n;
        break;
      default: {
        const unreachable: never = result;
        throw new Error(`unknown lookup result ${String(unreachable)}`);
      }
    }
  }

  private countWrites(stored: number, failed: number): void {
    if (stored > 0) this.metrics.writes.inc({ result: 'ok' }, stored);
    if (failed > 0) this.metrics.writes.inc({ result: 'error' }, failed);
    this.counters.sets += stored;
    this.counters.errors += failed;
  }

  /** SCAN + UNLINK of the prefix on one node; per-key UNLINKs on a cluster node, whose keys span slots. */
  private async clearNode(node: Redis): Promise<{ deleted: number; complete: boolean }> {
    const pattern = `${this.options.prefix}:*`;
    const budget = this.options.timeoutMs * 4;
    const perKey = this.connection.isCluster();
    let cursor = '0';
    let deleted = 0;
    do {
      const page = await this.connection.call('clear', budget, () => node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000));
      if (!page.ok) return { deleted, complete: false };
      const [next, keys] = page.value;
      cursor = next;
      if (keys.length === 0) continue;
      const removed = await this.connection.call('clear', budget, async () => {
        if (!perKey) return node.unlink(...keys);
        const pipeline = node.pipeline();
        for (const key of keys) pipeline.unlink(key);
        return settlePipeline<number>(await pipeline.exec()).reduce<number>((sum, n) => sum + (n ?? 0), 0);
      });
      if (!removed.ok) return { deleted, complete: false };
      deleted += removed.value;
    } while (cursor !== '0');
    return { deleted, complete: true };
  }

  private clearInterrupted(deleted: number): number {
    this.logger.warn(`Embedding cache clear interrupted by a Redis fault after deleting ${deleted} keys`);
    return deleted;
  }
}

/** Longest time from TCP connect to ready: twice the connect timeout, far above a healthy handshake (one round trip). */
function readyTimeoutFor(timeoutMs: number): number {
  return 2 * connectTimeoutFor(timeoutMs);
}

/** Vectors read (null for a miss) and whether Redis failed for any of them. */
interface Fetched {
  vectors: Array<Float32Array | null>;
  faulted: boolean;
}

/** A unique text that missed the cache, and where its vector goes. */
interface Miss {
  key: string;
  text: string;
  slot: number;
}

type Settle = (miss: Miss, vector: Float32Array) => void;

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function createDeferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Concurrent callers attach their own handlers; this only keeps an unshared rejection from being reported as unhandled.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function borrowClient(service: RedisService | ClusterService | undefined, namespace: string): CacheClient {
  if (!service) throw new RedisClientMissingError(namespace);
  try {
    return service.getOrThrow(namespace);
  } catch (error) {
    throw new RedisClientMissingError(namespace, error);
  }
}

function assertString(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new InvalidArgumentError(`${name} must be a string (got ${typeof value})`);
}

function assertStringArray(name: string, value: unknown): asserts value is string[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError(`${name} must be an array of strings`);
  value.forEach((item, i) => assertString(`${name}[${i}]`, item));
}

/** A non-empty vector of finite numbers, as given (number[] or Float32Array). */
function checkVector(vector: unknown, name: string): VectorInput {
  const candidate = vector as VectorInput | undefined;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.length !== 'number' || candidate.length === 0) {
    throw new InvalidVectorError(`${name} must be a non-empty array of numbers or a Float32Array`);
  }
  for (let i = 0; i < candidate.length; i += 1) {
    const element = candidate[i];
    if (typeof element !== 'number' || !Number.isFinite(element)) {
      throw new InvalidVectorError(`${name}[${i}] must be a finite number (got ${String(element)})`);
    }
  }
  return candidate;
}

/** Checks what `compute` returned and converts it to Float32Arrays of one dimension count. */
function toFloat32Vectors(computed: ReadonlyArray<VectorInput>, expected: number): Float32Array[] {
  if (!Array.isArray(computed) || computed.length !== expected) {
    throw new InvalidVectorError(
      `compute must return one vector per text: expected ${expected}, got ${Array.isArray(computed) ? computed.length : typeof computed}`,
    );
  }
  const vectors = computed.map((vector, i) => {
    const checked = checkVector(vector, `compute()[${i}]`);
    return checked instanceof Float32Array ? checked : new Float32Array(checked);
  });
  const dims = vectors[0].length;
  const odd = vectors.findIndex((vector) => vector.length !== dims);
  if (odd !== -1) {
    throw new InvalidVectorError(`compute()[${odd}] has ${vectors[odd].length} dimensions, expected ${dims}`);
  }
  return vectors;
}

/** The most common dimension count among decoded values (values of other sizes count as corrupt). */
function dominantDims(vectors: ReadonlyArray<Float32Array | null>): number {
  // Fast path: all decoded values have the first one's length (the usual case).
  const first = vectors.find((vector) => vector !== null);
  if (!first || vectors.every((vector) => vector === null || vector.length === first.length)) return first?.length ?? 0;
  const tally = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (const vector of vectors) {
    if (!vector) continue;
    const count = (tally.get(vector.length) ?? 0) + 1;
    tally.set(vector.length, count);
    if (count > bestCount) {
      best = vector.length;
      bestCount = count;
    }
  }
  return best;
}
