import { Test } from '@nestjs/testing';
import { CachedEmbedder, EMBEDDING_CACHE_MODEL, EmbeddingProviderMetrics } from '@rag/cached-embeddings';
import { InMemoryEmbeddingCache } from '@rag/cached-embeddings/testing';
import { EmbeddingCacheService } from '@rag/embedding-cache';
import { EMBEDDINGS_OPTIONS, EMBEDDING_PROVIDER, InvalidProviderOutputError, LocalEmbeddingProvider, ProviderError } from '@rag/embeddings';
import { CountingEmbeddingProvider } from '@rag/embeddings/testing';
import { EmbeddingJobRunner } from './embedding-job.runner';
import { InvalidJobError } from './invalid-job.error';

const local = new LocalEmbeddingProvider();
const plain = (vectors: ArrayLike<number>[]): number[][] => vectors.map((vector) => Array.from(vector));
const mustNotCompute = async (): Promise<never> => Promise.reject(new Error('expected every text to be cached'));

describe('EmbeddingJobRunner', () => {
  let runner: EmbeddingJobRunner;
  let cache: InMemoryEmbeddingCache;
  let provider: CountingEmbeddingProvider;

  beforeEach(async () => {
    cache = new InMemoryEmbeddingCache();
    provider = new CountingEmbeddingProvider();
    // The real CachedEmbedder over a cache that really computes its misses: a runner that dropped
    // texts or their vectors would leave them uncached.
    const moduleRef = await Test.createTestingModule({
      providers: [
        EmbeddingJobRunner,
        CachedEmbedder,
        EmbeddingProviderMetrics,
        { provide: EmbeddingCacheService, useValue: cache },
        { provide: EMBEDDING_PROVIDER, useValue: provider },
        { provide: EMBEDDING_CACHE_MODEL, useValue: 'm' },
      ],
    }).compile();
    runner = moduleRef.get(EmbeddingJobRunner);
  });

  it('embeds in batches of batchSize through the cache, reporting progress and a summary', async () => {
    const texts = ['a', 'b', 'c', 'd', 'e'];
    for (const text of ['a', 'c', 'e']) cache.seed('m', text, local.embedSync(text));
    const progress: number[] = [];

    const summary = await runner.run({ texts }, { batchSize: 2, onProgress: (p) => void progress.push(p) });

    // Every lookup states the provider's dimensions, so a cached vector of other dims is never used.
    expect(cache.calls).toEqual([
      { model: 'm', texts: ['a', 'b'], dimensions: 384 },
      { model: 'm', texts: ['c', 'd'], dimensions: 384 },
      { model: 'm', texts: ['e'], dimensions: 384 },
    ]);
    expect(provider.calls).toEqual([['b'], ['d']]);
    expect(progress).toEqual([40, 80, 100]);
    expect(summary).toEqual({ total: 5, hits: 3, computed: 2, failed: 0 });
    const cached = await cache.getOrComputeDetailed('m', texts, mustNotCompute);
    expect(plain(cached.vectors)).toEqual(plain(texts.map((text) => local.embedSync(text))));
  });

  it('counts a batch the provider rejects for good as failed and goes on', async () => {
    provider.failNext(new ProviderError('m', 400, 'input too long'));

    await expect(runner.run({ texts: ['a', 'b', 'c'] }, { batchSize: 2 })).resolves.toEqual({ total: 3, hits: 0, computed: 1, failed: 2 });

    expect(provider.calls).toEqual([['a', 'b'], ['c']]);
    expect([cache.has('m', 'a'), cache.has('m', 'b'), cache.has('m', 'c')]).toEqual([false, false, true]);
  });

  it.each([429, 500, undefined])('throws a transient provider failure (status %s) so the queue retries the job', async (status) => {
    provider.failNext(new ProviderError('m', status, 'busy'));
    await expect(runner.run({ texts: ['a'] }, { batchSize: 2 })).rejects.toThrow(ProviderError);
  });

  it('throws an invalid vector from the provider (transient: the queue retries the job), caching nothing of its batch', async () => {
    const zeros = new CountingEmbeddingProvider({ model: local.model, dimensions: 384, embed: async (texts) => texts.map(() => new Float32Array(384)) });
    const moduleRef = await Test.createTestingModule({
      providers: [
        EmbeddingJobRunner,
        CachedEmbedder,
        EmbeddingProviderMetrics,
        { provide: EmbeddingCacheService, useValue: cache },
        { provide: EMBEDDING_PROVIDER, useValue: zeros },
        { provide: EMBEDDING_CACHE_MODEL, useValue: 'm' },
      ],
    }).compile();

    const run = moduleRef.get(EmbeddingJobRunner).run({ texts: ['a', 'b'] }, { batchSize: 2 });

    await expect(run).rejects.toThrow(InvalidProviderOutputError);
    await expect(run).rejects.toThrow('returned an invalid vector: vector 0 is all zeros');
    expect([cache.has('m', 'a'), cache.has('m', 'b')]).toEqual([false, false]);
  });

  it('accepts the served model and each alias of EMBEDDING_MODEL_ALIASES (exactly), embedding with the served model', async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        EmbeddingJobRunner,
        CachedEmbedder,
        EmbeddingProviderMetrics,
        { provide: EmbeddingCacheService, useValue: cache },
        { provide: EMBEDDING_PROVIDER, useValue: provider },
        { provide: EMBEDDING_CACHE_MODEL, useValue: 'm' },
        { provide: EMBEDDINGS_OPTIONS, useValue: { modelAliases: ['text-embedding-ada-002'] } },
      ],
    }).compile();
    const aliased = moduleRef.get(EmbeddingJobRunner);

    await expect(aliased.run({ texts: ['a'], model: 'text-embedding-ada-002' }, { batchSize: 2 })).resolves.toMatchObject({ computed: 1 });
    await expect(aliased.run({ texts: ['a'], model: provider.model }, { batchSize: 2 })).resolves.toMatchObject({ hits: 1 });
    expect(cache.calls.map((call) => call.model)).toEqual(['m', 'm']);
    await expect(aliased.run({ texts: ['a'], model: 'TEXT-EMBEDDING-ADA-002' }, { batchSize: 2 })).rejects.toThrow(
      'model "TEXT-EMBEDDING-ADA-002" is not available; this worker embeds with "local-hash-v1"',
    );
  });

  it.each([
    [{ texts: [] }, 'texts must be an array of 1 to 100000 strings'],
    [{ texts: 'abc' }, 'texts must be an array of 1 to 100000 strings'],
    [{ texts: ['a', ''] }, 'texts[1] must be a non-empty string'],
    [{ texts: ['a'], model: 'other' }, 'model "other" is not available'],
  ])('rejects invalid job data %j without retrying', async (data, message) => {
    await expect(runner.run(data as never, { batchSize: 2 })).rejects.toThrow(InvalidJobError);
    await expect(runner.run(data as never, { batchSize: 2 })).rejects.toThrow(message);
  });
});
