import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ClusterService, RedisService } from '@liaoliaots/nestjs-redis';
import { LRUCache } from 'lru-cache';
import { CacheCounters } from './cache-counters';
import { CacheTiers } from './cache-tiers';
import { resolveOptions } from './config/resolve-options.util';
import type { ResolvedEmbeddingCacheOptions } from './config/resolve-options.util';
import { EMBEDDING_CACHE_OPTIONS } from './embedding-cache.constants';
import { EmbeddingCacheMetrics } from './embedding-cache.metrics';
import { InvalidArgumentError } from './errors/invalid-argument.error';
import { FleetCompute } from './fleet/fleet-compute';
import type { CacheMiss } from './interfaces/cache-miss.interface';
import type { ComputeEmbeddings } from './interfaces/compute-embeddings.interface';
import type { EmbeddingCacheEntry } from './interfaces/embedding-cache-entry.interface';
import type { EmbeddingCacheModuleOptions } from './interfaces/embedding-cache-options.interface';
import type { EmbeddingCacheStats } from './interfaces/embedding-cache-stats.interface';
import type { GetOrComputeResult } from './interfaces/get-or-compute-result.interface';
import type { L1Receipt } from './interfaces/l1-receipt.interface';
import type { VectorInput } from './interfaces/vector-input.interface';
import type { VectorLookupOptions } from './interfaces/vector-lookup-options.interface';
import { L1InvalidationChannel } from './l1/l1-invalidation-channel';
import { L1Tier } from './l1/l1-tier';
import { connectTimeoutFor } from './redis/build-connection-options.util';
import { CacheConnection } from './redis/cache-connection';
import type { PingOutcome } from './redis/cache-connection';
import { FleetLock } from './redis/fleet-lock';
import { borrowCacheClient } from './redis/topologies/borrow-cache-client.util';
import { topologyFor } from './redis/topologies/topology-for.util';
import { VectorCommands } from './redis/vector-commands';
import { SingleFlight } from './single-flight';
import { assertString } from './utils/assert-string.util';
import { assertStringArray } from './utils/assert-string-array.util';
import { buildCacheKey } from './utils/cache-key.util';
import { checkVector } from './utils/check-vector.util';
import { expectedDims } from './utils/expected-dims.util';
import { indexUniqueTexts } from './utils/index-unique-texts.util';
import type { UniqueTexts } from './utils/index-unique-texts.util';

/** Entries of the key memo of `fromMemory`, and the longest text it keeps: at most ~8 MB (8,192 × 256 UTF-16 characters twice, the key and the entry). */
const KEY_MEMO_ENTRIES = 8_192;
const KEY_MEMO_MAX_TEXT_CHARS = 256;

/**
 * The shared embedding cache: binary float32 vectors in Redis under
 * `<prefix>:<sha256hex(model::text)>`, batch round trips, and fail-open behaviour: no method
 * rejects because of Redis; a Redis fault costs a miss or a skipped write.
 *
 * A facade: it validates arguments and maps texts to keys; the L1 tier (`L1Tier`), the Redis
 * commands (`VectorCommands`), in-process and fleet-wide single-flight (`SingleFlight`,
 * `FleetCompute`) and the counters (`CacheCounters`) each live in a room of their own.
 */
@Injectable()
export class EmbeddingCacheService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('EmbeddingCache');
  private readonly options: ResolvedEmbeddingCacheOptions;
  private readonly connection: CacheConnection;
  private readonly counters: CacheCounters;
  private readonly l1: L1Tier | undefined;
  private readonly l1Channel: L1InvalidationChannel | undefined;
  private readonly tiers: CacheTiers;
  private readonly flights = new SingleFlight<Float32Array>();
  private readonly fleet: FleetCompute;
  /** Keys of recently asked short texts, by text, with the model they were made for, for `fromMemory` (`memoisedKey`). */
  private readonly keyMemo = new LRUCache<string, { model: string; key: string }>({ max: KEY_MEMO_ENTRIES });

  constructor(
    @Inject(EMBEDDING_CACHE_OPTIONS) options: EmbeddingCacheModuleOptions,
    metrics: EmbeddingCacheMetrics,
    @Optional() redisService?: RedisService,
    @Optional() clusterService?: ClusterService,
  ) {
    this.options = resolveOptions(options);
    const client = this.options.enabled ? borrowCacheClient(this.options, redisService, clusterService) : undefined;
    // Longest time from TCP connect to ready: twice the connect timeout, far above a healthy handshake (one round trip).
    const readyTimeoutMs = 2 * connectTimeoutFor(this.options.timeoutMs);
    this.connection = new CacheConnection(client, { ...this.options, readyTimeoutMs }, this.logger, metrics);
    this.counters = new CacheCounters(metrics);
    if (client && this.options.l1MaxMb > 0) {
      const { l1MaxMb: maxMb, ttlSeconds, l1MaxStaleMs: maxStaleMs, prefix, timeoutMs } = this.options;
      this.l1 = new L1Tier({ maxMb, ttlSeconds, maxStaleMs }, metrics);
      this.l1Channel = new L1InvalidationChannel(client, topologyFor(this.options), this.l1, { prefix, timeoutMs, maxStaleMs }, this.logger, metrics);
    } else {
      metrics.setL1ChannelState('off');
    }
    const vectors = new VectorCommands(this.connection, this.counters, this.options, this.logger);
    this.tiers = new CacheTiers(this.l1, vectors, this.counters, this.options.dtype);
    const lock = new FleetLock(this.connection, this.options.lockTtlMs, this.options.timeoutMs);
    this.fleet = new FleetCompute(this.tiers, lock, this.connection, this.flights, this.counters, this.options);
  }

  /**
   * Waits (bounded by `connectWaitMs`) for the first connection and for the L1 invalidation
   * channel, so a healthy Redis serves the first request.
   */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.connection.waitUntilSettled(this.options.connectWaitMs), this.l1Channel?.start(this.options.connectWaitMs)]);
  }

  /** Closes the L1 invalidation connections (the cache's own) and removes the borrowed client's listeners and timers; that client stays open for its owner. */
  onModuleDestroy(): void {
    this.l1Channel?.stop();
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
   * The stored vector, or `null` on a miss, a corrupt value (one holding NaN or ±Infinity, or
   * of other dims than `options.dimensions` or the module's `modelDimensions[model]`) or any
   * Redis fault. One round trip.
   * Vectors this service returns are the caller's to modify, but may be views into a shared
   * ArrayBuffer (see `allocPooledFloat32`): read `.buffer` with `byteOffset` and `byteLength`.
   */
  async get(model: string, text: string, options?: VectorLookupOptions): Promise<Float32Array | null> {
    const key = this.makeKey(model, text);
    return this.tiers.get(key, this.dimsFor(model, options));
  }

  /**
   * Stores one vector with `SET key value EX ttl` (a single command, never SET then EXPIRE).
   * Resolves `true` if Redis stored it, `false` on any Redis fault.
   */
  async set(model: string, text: string, vector: VectorInput): Promise<boolean> {
    const key = this.makeKey(model, text);
    return this.tiers.set(key, checkVector(vector, 'vector'));
  }

  /**
   * Looks up many texts in one round trip (MGET of the unique keys). Results are in input order;
   * a text given twice is fetched once and its result repeated. A value is a corrupt miss as in
   * `get`; without stated dims, also when its dims differ from most of the batch.
   */
  async getMany(model: string, texts: readonly string[], options?: VectorLookupOptions): Promise<Array<Float32Array | null>> {
    assertStringArray('texts', texts);
    const unique = indexUniqueTexts(texts, (text) => this.makeKey(model, text));
    const { vectors: found } = await this.tiers.fetch(unique.keys, true, this.dimsFor(model, options));
    return unique.slots.map((slot) => found[slot]);
  }

  /** Stores many vectors with one pipeline of `SET … EX`. Resolves the number stored. */
  async setMany(model: string, entries: readonly EmbeddingCacheEntry[]): Promise<number> {
    if (!Array.isArray(entries)) throw new InvalidArgumentError('entries must be an array of { text, vector }');
    const keys = entries.map((entry, i) => {
      if (!entry || typeof entry !== 'object') throw new InvalidArgumentError(`entries[${i}] must be { text, vector }`);
      return this.makeKey(model, entry.text);
    });
    const vectors = entries.map((entry, i) => checkVector(entry.vector, `entries[${i}].vector`));
    return this.tiers.store(keys, vectors);
  }

  /** `getOrComputeDetailed` without the counts: every vector, in input order. */
  async getOrCompute(
    model: string,
    texts: readonly string[],
    compute: ComputeEmbeddings,
    options?: VectorLookupOptions,
  ): Promise<Float32Array[]> {
    return (await this.getOrComputeDetailed(model, texts, compute, options)).vectors;
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
   * With stated dims (`options.dimensions`, or the module's `modelDimensions[model]`) every
   * returned vector has them: a stored value of other dims is a corrupt miss, recomputed and
   * overwritten, and `compute` must return vectors of them (else `InvalidVectorError`).
   *
   * Vectors shared by concurrent calls are the same `Float32Array` instance: treat results as read-only.
   */
  async getOrComputeDetailed(
    model: string,
    texts: readonly string[],
    compute: ComputeEmbeddings,
    options?: VectorLookupOptions,
  ): Promise<GetOrComputeResult> {
    assertStringArray('texts', texts);
    if (typeof compute !== 'function') throw new InvalidArgumentError('compute must be a function');
    const dims = this.dimsFor(model, options);
    const unique = indexUniqueTexts(texts, (text) => this.makeKey(model, text));
    const vectors: Array<Float32Array | undefined> = new Array(unique.keys.length);
    const fromCache: boolean[] = new Array(unique.keys.length).fill(false);
    const waits: Array<Promise<void>> = [];
    const toFetch = this.flights.share(unique.keys, unique.keys.map((_, slot) => slot), vectors, waits);
    const { vectors: found, faulted } = await this.tiers.fetch(
      toFetch.map((slot) => unique.keys[slot]),
      true,
      dims,
    );
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
    const mine = this.flights
      .share(unique.keys, missed, vectors, waits)
      .map((slot): CacheMiss => ({ key: unique.keys[slot], text: unique.texts[slot], slot }));
    let computed = mine.length > 0 ? await this.fleet.computeMisses(mine, vectors, compute, faulted, dims) : 0;
    await Promise.all(waits);
    // A concurrent call that stated other dims (or none) may have shared a vector of another length.
    const strays = dims === undefined || waits.length === 0 ? [] : this.strays(unique, vectors, dims);
    if (strays.length > 0) computed += await this.fleet.computeMisses(strays, vectors, compute, faulted, dims);

    let hits = 0;
    const result = unique.slots.map((slot) => {
      if (fromCache[slot]) hits += 1;
      return vectors[slot] as Float32Array;
    });
    return { vectors: result, hits, misses: texts.length - hits, computed };
  }

  /**
   * The synchronous all-hit case of `getOrComputeDetailed`, for callers that can answer without
   * awaiting (rag-api's fast path): when every text's vector is in the L1 tier (fresh, of the
   * stated dims) and no call in this process is computing any of them, `use` is called with the
   * vectors in input order and its result is returned; otherwise `undefined`, and nothing is
   * counted, so that the caller can take `getOrComputeDetailed` for the same texts.
   * The lookups are counted as L1 hits, as `getOrComputeDetailed` counts them, only when `use`
   * returns something. The vectors are the L1's own (no copy is made): `use` must only read them
   * and keep nothing of them but the `receipt`, with which `stillInMemory` tells later whether
   * the same call would still find the very same vectors.
   */
  fromMemory<T>(
    model: string,
    texts: readonly string[],
    use: (vectors: readonly Float32Array[], receipt: L1Receipt) => T | undefined,
    options?: VectorLookupOptions,
  ): T | undefined {
    const l1 = this.l1;
    if (l1 === undefined) return undefined;
    assertStringArray('texts', texts);
    const dims = this.dimsFor(model, options);
    const unique = indexUniqueTexts(texts, (text) => this.memoisedKey(model, text));
    if (this.flights.pendingAny(unique.keys)) return undefined;
    const at = l1.now();
    const found = new Array<Float32Array>(unique.keys.length);
    for (let slot = 0; slot < unique.keys.length; slot += 1) {
      const vector = servableFromL1(l1, unique.keys[slot], at, dims);
      if (vector === undefined) return undefined;
      found[slot] = vector;
    }
    const result = use(
      unique.slots.map((slot) => found[slot]),
      { model, keys: unique.keys, vectors: found },
    );
    if (result !== undefined) this.counters.lookups('l1_hit', unique.keys.length);
    return result;
  }

  /**
   * Whether `fromMemory` would find, now, the very vectors of `receipt` (one of its answers): each
   * key's vector still the L1's entry (the same object: not changed, invalidated, flushed nor
   * expired since), fresh, of the stated dims, and none being computed in this process. When so,
   * the lookups are counted as L1 hits, as `fromMemory` counts them, and true is returned; else
   * false with nothing counted. It hashes no text: for a caller that answers the same request
   * again (rag-api's fast path keeps the last few bodies it answered from memory).
   */
  stillInMemory(receipt: L1Receipt, options?: VectorLookupOptions): boolean {
    const l1 = this.l1;
    if (l1 === undefined || this.flights.pendingAny(receipt.keys)) return false;
    const dims = this.dimsFor(receipt.model, options);
    const at = l1.now();
    for (let slot = 0; slot < receipt.keys.length; slot += 1) {
      if (servableFromL1(l1, receipt.keys[slot], at, dims) !== receipt.vectors[slot]) return false;
    }
    this.counters.lookups('l1_hit', receipt.keys.length);
    return true;
  }

  /**
   * Deletes every key under the prefix (SCAN + UNLINK, never KEYS or FLUSHDB), on every master
   * of a cluster, and empties the L1 tier; every other process drops the deleted keys from its
   * own L1 as Redis reports them. Resolves the number deleted; stops at the first Redis fault.
   */
  async clear(): Promise<number> {
    return this.tiers.clear();
  }

  /** Counters since boot and the connection state. */
  stats(): EmbeddingCacheStats {
    return {
      ...this.counters.snapshot(),
      l1Entries: this.l1?.entries ?? 0,
      l1Bytes: this.l1?.bytes ?? 0,
      state: this.connection.state(),
      l1Channel: this.l1Channel?.state() ?? 'off',
    };
  }

  /** PINGs Redis within the timeout for health checks. Never throws. */
  ping(): Promise<PingOutcome> {
    return this.connection.ping();
  }

  /**
   * `makeKey` through a small LRU of the keys of short texts (`KEY_MEMO_*`): the SHA-256 of 16
   * texts is ~25 µs, most of the library's share of a cached request answered by `fromMemory`,
   * and the texts of such requests recur by definition. Only `fromMemory` uses it, so that batches
   * of new texts (ingestion, jobs) pay no LRU writes.
   */
  private memoisedKey(model: string, text: string): string {
    if (text.length > KEY_MEMO_MAX_TEXT_CHARS) return this.makeKey(model, text);
    // Keyed by the text itself, not `model::text`: no string is built per lookup, and the text's
    // hash, computed once, serves the lookups after this one (rag-api's EncodedVectorMemo). One
    // model per text is kept (a process serves one model); another model's key replaces it.
    const memo = this.keyMemo.get(text);
    if (memo !== undefined && memo.model === model) return memo.key;
    const key = this.makeKey(model, text);
    this.keyMemo.set(text, { model, key });
    return key;
  }

  /** The slots whose vector is not `dims` long, as misses to compute again. */
  private strays(unique: UniqueTexts, vectors: ReadonlyArray<Float32Array | undefined>, dims: number): CacheMiss[] {
    const strays: CacheMiss[] = [];
    unique.keys.forEach((key, slot) => {
      if (vectors[slot]?.length !== dims) strays.push({ key, text: unique.texts[slot], slot });
    });
    return strays;
  }

  private dimsFor(model: string, options: VectorLookupOptions | undefined): number | undefined {
    return expectedDims(model, options, this.options.modelDimensions);
  }
}

/** The L1's own vector of `key` when `fromMemory` may serve it at `at`: fresh (`L1Tier.peek`) and `dims` long when stated. */
function servableFromL1(l1: L1Tier, key: string, at: number, dims: number | undefined): Float32Array | undefined {
  const vector = l1.peek(key, at);
  return vector !== undefined && (dims === undefined || vector.length === dims) ? vector : undefined;
}
