import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, register as globalRegistry } from 'prom-client';
import type { Registry } from 'prom-client';
import { EMBEDDING_CACHE_OPTIONS } from './embedding-cache.constants';
import type { EmbeddingCacheModuleOptions } from './interfaces/embedding-cache-options.interface';
import type { L1ChannelState } from './interfaces/l1-channel-state.interface';

/** Outcome label of `embedding_cache_requests_total`, one count per looked-up key. */
export type LookupResult = 'l1_hit' | 'hit' | 'miss' | 'error' | 'corrupt';

/** Operation label of `embedding_cache_operation_seconds`. */
export type CacheOperation = 'get' | 'get_many' | 'set' | 'set_many' | 'clear' | 'ping' | 'lock' | 'unlock';

/**
 * Outcome label of `embedding_cache_lock_total`, one count per key: `acquired` (this process
 * computes it), `waited` (another process's value arrived), `takeover` (the holder died or failed;
 * this process took the lock), `timeout` (waited `lockWaitMs`, computed without the lock),
 * `unavailable` (Redis could not be asked; computed without the lock).
 */
export type LockResult = 'acquired' | 'waited' | 'takeover' | 'timeout' | 'unavailable';

/**
 * Reason label of `embedding_cache_l1_flushes_total`: the invalidation channel of a server
 * subscribed for the first time (`connect`), again after a loss (`reconnect`), or for a master
 * that a cluster topology change brought (`topology`), so changes may have been missed; Redis
 * was flushed (`redis_flush`: FLUSHDB, FLUSHALL); or `clear()` ran in this process (`clear`).
 */
export type L1FlushReason = 'connect' | 'reconnect' | 'topology' | 'redis_flush' | 'clear';

/** Every `L1ChannelState`, one child of `embedding_cache_l1_channel_state` each. */
const L1_CHANNEL_STATES: readonly L1ChannelState[] = ['off', 'connecting', 'subscribed', 'down', 'refused'];

/** Every `L1FlushReason`, in the order of the metric's children. */
const L1_FLUSH_REASONS: readonly L1FlushReason[] = ['connect', 'reconnect', 'topology', 'redis_flush', 'clear'];

/**
 * The cache's Prometheus metrics, registered on the registry from the options (the prom-client
 * global one by default). Several module instances on one registry share the same series.
 */
@Injectable()
export class EmbeddingCacheMetrics {
  /** Lookups by outcome. */
  readonly requests: Counter<'result'>;
  /** Vectors written, by outcome. */
  readonly writes: Counter<'result'>;
  /** Latency of Redis operations. */
  readonly operationSeconds: Histogram<'op'>;
  /** 1 while the circuit breaker skips Redis. */
  readonly circuitOpen: Gauge;
  /** Fleet lock outcomes per key. */
  readonly locks: Counter<'result'>;
  /** Keys named by the invalidation messages Redis sent the L1 tier. */
  readonly l1Invalidations: Counter;
  /** Flushes of the L1 tier by reason. */
  readonly l1Flushes: Counter<'reason'>;
  /** 1 for the current state of the L1 invalidation channel, 0 for the others. */
  readonly l1ChannelState: Gauge<'state'>;
  /**
   * Children bound to each label value once: `child.inc()` skips hashing the labels object on
   * every call (~0.14 µs instead of ~0.30 µs; ~0.29 µs instead of ~0.74 µs for a histogram).
   */
  readonly lookupBy: Record<LookupResult, Counter.Internal>;
  readonly durationOf: Record<CacheOperation, Histogram.Internal<'op'>>;
  readonly l1FlushesBy: Record<L1FlushReason, Counter.Internal>;

  constructor(@Inject(EMBEDDING_CACHE_OPTIONS) options: EmbeddingCacheModuleOptions) {
    const registry = options.registry ?? globalRegistry;
    this.requests = reuseOrCreate(registry, 'embedding_cache_requests_total', () =>
      new Counter({
        name: 'embedding_cache_requests_total',
        help: 'Embedding cache lookups by result (l1_hit, hit, miss, error, corrupt), one per key',
        labelNames: ['result'],
        registers: [registry],
      }),
    );
    this.writes = reuseOrCreate(registry, 'embedding_cache_writes_total', () =>
      new Counter({
        name: 'embedding_cache_writes_total',
        help: 'Vectors written to the embedding cache by result (ok, error)',
        labelNames: ['result'],
        registers: [registry],
      }),
    );
    this.operationSeconds = reuseOrCreate(registry, 'embedding_cache_operation_seconds', () =>
      new Histogram({
        name: 'embedding_cache_operation_seconds',
        help: 'Duration of embedding cache Redis operations',
        labelNames: ['op'],
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
        registers: [registry],
      }),
    );
    this.locks = reuseOrCreate(registry, 'embedding_cache_lock_total', () =>
      new Counter({
        name: 'embedding_cache_lock_total',
        help: 'Fleet single-flight lock outcomes per key (acquired, waited, takeover, timeout, unavailable)',
        labelNames: ['result'],
        registers: [registry],
      }),
    );
    this.lookupBy = {
      l1_hit: this.requests.labels('l1_hit'),
      hit: this.requests.labels('hit'),
      miss: this.requests.labels('miss'),
      error: this.requests.labels('error'),
      corrupt: this.requests.labels('corrupt'),
    };
    const ops: CacheOperation[] = ['get', 'get_many', 'set', 'set_many', 'clear', 'ping', 'lock', 'unlock'];
    this.durationOf = Object.fromEntries(ops.map((op) => [op, this.operationSeconds.labels(op)])) as Record<
      CacheOperation,
      Histogram.Internal<'op'>
    >;
    this.l1Invalidations = reuseOrCreate(registry, 'embedding_cache_l1_invalidations_total', () =>
      new Counter({
        name: 'embedding_cache_l1_invalidations_total',
        help: 'Keys named by the invalidation messages Redis sent the L1 tier (overwritten, deleted, expired, evicted)',
        registers: [registry],
      }),
    );
    this.l1Flushes = reuseOrCreate(registry, 'embedding_cache_l1_flushes_total', () =>
      new Counter({
        name: 'embedding_cache_l1_flushes_total',
        help: 'Flushes of the L1 tier by reason (connect, reconnect, topology, redis_flush, clear)',
        labelNames: ['reason'],
        registers: [registry],
      }),
    );
    this.l1FlushesBy = Object.fromEntries(L1_FLUSH_REASONS.map((reason) => [reason, this.l1Flushes.labels(reason)])) as Record<
      L1FlushReason,
      Counter.Internal
    >;
    this.l1ChannelState = reuseOrCreate(registry, 'embedding_cache_l1_channel_state', () =>
      new Gauge({
        name: 'embedding_cache_l1_channel_state',
        help: 'State of the L1 invalidation channel: 1 for the current one (off, connecting, subscribed, down, refused), 0 for the others',
        labelNames: ['state'],
        registers: [registry],
      }),
    );
    this.circuitOpen = reuseOrCreate(registry, 'embedding_cache_circuit_open', () =>
      new Gauge({
        name: 'embedding_cache_circuit_open',
        help: '1 while the embedding cache circuit breaker is open (Redis skipped), else 0',
        registers: [registry],
      }),
    );
  }

  /** Sets `embedding_cache_l1_channel_state` to 1 for `state` and 0 for the other states. */
  setL1ChannelState(state: L1ChannelState): void {
    for (const each of L1_CHANNEL_STATES) this.l1ChannelState.labels(each).set(each === state ? 1 : 0);
  }
}

function reuseOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}
