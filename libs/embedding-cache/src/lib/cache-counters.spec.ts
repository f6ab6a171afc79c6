import { Registry } from 'prom-client';
import { CacheCounters } from './cache-counters';
import { EmbeddingCacheMetrics } from './embedding-cache.metrics';

describe('CacheCounters', () => {
  it('counts in the instance totals and in the shared Prometheus metrics alike', async () => {
    const registry = new Registry();
    const counters = new CacheCounters(new EmbeddingCacheMetrics({ registry }));

    counters.lookups('hit', 3);
    counters.lookups('l1_hit', 2);
    counters.lookups('error', 1);
    counters.writes(4, 1);
    counters.locks('waited', 2);
    counters.locks('timeout', 0);

    expect(counters.snapshot()).toEqual({ l1Hits: 2, hits: 3, misses: 0, corrupt: 0, errors: 2, sets: 4 });
    const value = async (name: string, result: string) =>
      (await registry.getSingleMetric(name)?.get())?.values.find((v) => v.labels['result'] === result)?.value;
    await expect(value('embedding_cache_requests_total', 'hit')).resolves.toBe(3);
    await expect(value('embedding_cache_requests_total', 'l1_hit')).resolves.toBe(2);
    await expect(value('embedding_cache_writes_total', 'error')).resolves.toBe(1);
    await expect(value('embedding_cache_lock_total', 'waited')).resolves.toBe(2);
    await expect(value('embedding_cache_lock_total', 'timeout')).resolves.toBeUndefined();
  });

  it('hands out a copy of the totals', () => {
    const counters = new CacheCounters(new EmbeddingCacheMetrics({ registry: new Registry() }));
    counters.snapshot().hits = 99;
    expect(counters.snapshot().hits).toBe(0);
  });
});
