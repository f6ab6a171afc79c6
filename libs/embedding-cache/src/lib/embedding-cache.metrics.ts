import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, register as globalRegistry } from 'prom-client';
import type { Registry } from 'prom-client';
import { EMBEDDING_CACHE_OPTIONS } from './embedding-cache.constants';
import type { EmbeddingCacheModuleOptions } from './interfaces/embedding-cache-options.interface';

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
  /**
   * Children bound to each label value once: `child.inc()` skips hashing the labels object on
   * every call (~0.14 µs instead of ~0.30 µs; ~0.29 µs instead of ~0.74 µs for a histogram).
   */
  readonly lookupBy: Record<LookupResult, Counter.Internal>;
  readonly durationOf: Record<CacheOperation, Histogram.Internal<'op'>>;

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
    this.circuitOpen = reuseOrCreate(registry, 'embedding_cache_circuit_open', () =>
      new Gauge({
        name: 'embedding_cache_circuit_open',
        help: '1 while the embedding cache circuit breaker is open (Redis skipped), else 0',
        registers: [registry],
      }),
    );
  }
}

function reuseOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}
