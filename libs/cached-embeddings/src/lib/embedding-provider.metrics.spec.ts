import { register } from 'prom-client';
import { EMBEDDING_PROVIDER_REQUESTS, EMBEDDING_PROVIDER_SECONDS, EMBEDDING_PROVIDER_SECONDS_BUCKETS } from './cached-embeddings.constants';
import { EmbeddingProviderMetrics } from './embedding-provider.metrics';

async function requests(model: string, outcome: string): Promise<number> {
  const values = (await register.getSingleMetric(EMBEDDING_PROVIDER_REQUESTS)?.get())?.values ?? [];
  return values.find((value) => value.labels['model'] === model && value.labels['outcome'] === outcome)?.value ?? 0;
}

describe('EmbeddingProviderMetrics', () => {
  it('counts calls by outcome, passing results and errors through', async () => {
    const metrics = new EmbeddingProviderMetrics();

    await expect(metrics.track('metrics-spec', 3, async () => 'vectors')).resolves.toBe('vectors');
    await expect(metrics.track('metrics-spec', 1, async () => Promise.reject(new Error('down')))).rejects.toThrow('down');

    expect(await requests('metrics-spec', 'ok')).toBe(1);
    expect(await requests('metrics-spec', 'error')).toBe(1);
  });

  it('shares one set of series between instances (several apps in one process)', () => {
    const first = new EmbeddingProviderMetrics();
    const second = new EmbeddingProviderMetrics();
    expect(second.calls).toBe(first.calls);
    expect(second.seconds).toBe(first.seconds);
  });

  it('keeps the duration buckets of the metric contract', async () => {
    new EmbeddingProviderMetrics().seconds.observe({ model: 'metrics-spec' }, 0.02);
    const values = (await register.getSingleMetric(EMBEDDING_PROVIDER_SECONDS)?.get())?.values ?? [];
    const bounds = values.filter((value) => value.labels['model'] === 'metrics-spec' && value.labels['le'] !== '+Inf').map((value) => value.labels['le']);
    expect(bounds).toEqual([...EMBEDDING_PROVIDER_SECONDS_BUCKETS]);
  });
});
