import { Test } from '@nestjs/testing';
import { register } from 'prom-client';
import { EmbeddingCacheModule, EmbeddingCacheService } from '@rag/embedding-cache';
import { EMBEDDING_PROVIDER, InvalidProviderOutputError, LocalEmbeddingProvider, ProviderError } from '@rag/embeddings';
import type { EmbeddingProvider } from '@rag/embeddings';
import { CountingEmbeddingProvider } from '@rag/embeddings/testing';
import { InMemoryEmbeddingCache } from '../testing/in-memory-embedding-cache';
import { CachedEmbedder } from './cached-embedder.service';
import { EMBEDDING_CACHE_MODEL, EMBEDDING_PROVIDER_REQUESTS, EMBEDDING_PROVIDER_SECONDS, EMBEDDING_PROVIDER_TEXTS } from './cached-embeddings.constants';
import { EmbeddingProviderMetrics } from './embedding-provider.metrics';

const local = new LocalEmbeddingProvider();
let modelCount = 0;

/** A counting provider under a model name of its own, so that its metric series start at zero. */
function countingProvider(): CountingEmbeddingProvider {
  const inner: EmbeddingProvider = { model: `spec-model-${++modelCount}`, dimensions: local.dimensions, embed: (texts) => local.embed(texts) };
  return new CountingEmbeddingProvider(inner);
}

async function sample(name: string, labels: Record<string, string>): Promise<number> {
  const metric = register.getSingleMetric(name);
  const values = (await metric?.get())?.values ?? [];
  // A histogram's samples are its buckets, sum and count; the count tells the number of calls.
  const isCount = (value: object): boolean => name !== EMBEDDING_PROVIDER_SECONDS || (value as { metricName?: string }).metricName?.endsWith('_count') === true;
  const match = values.find((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label) && isCount(value));
  return match?.value ?? 0;
}

async function build(provider: EmbeddingProvider, cache?: InMemoryEmbeddingCache): Promise<CachedEmbedder> {
  const moduleRef = await Test.createTestingModule({
    // Without a fake, the real cache service with Redis disabled: every lookup misses, the compute path is the real one.
    imports: cache ? [] : [EmbeddingCacheModule.forRoot({ enabled: false })],
    providers: [
      CachedEmbedder,
      EmbeddingProviderMetrics,
      { provide: EMBEDDING_PROVIDER, useValue: provider },
      { provide: EMBEDDING_CACHE_MODEL, useValue: 'cache-model@384' },
      ...(cache ? [{ provide: EmbeddingCacheService, useValue: cache }] : []),
    ],
  }).compile();
  return moduleRef.get(CachedEmbedder);
}

const plain = (vectors: ArrayLike<number>[]): number[][] => vectors.map((vector) => Array.from(vector));

/** A cached vector of the provider's 384 dims. */
const cachedVector = (value: number): number[] => Array.from({ length: 384 }, () => value);

/** A 384-dim provider under a model of its own whose every answer is spoilt by `spoil`. */
function spoiltProvider(spoil: (vectors: Float32Array[]) => Array<ArrayLike<number>>): EmbeddingProvider {
  return {
    model: `spoilt-model-${++modelCount}`,
    dimensions: 384,
    embed: async (texts) => spoil(await local.embed(texts)) as number[][],
  };
}

describe('CachedEmbedder', () => {
  it('exposes the provider model, its dimensions and the cache model id', async () => {
    const provider = countingProvider();
    const embedder = await build(provider);
    expect(embedder).toMatchObject({ model: provider.model, dimensions: 384, cacheModel: 'cache-model@384' });
  });

  it('through the real cache service: the provider gets each missing text once, and the metrics count the call', async () => {
    const provider = countingProvider();
    const embedder = await build(provider);

    const result = await embedder.embed(['alpha', 'beta', 'alpha']);

    expect(provider.calls).toEqual([['alpha', 'beta']]);
    expect(plain(result.vectors)).toEqual(plain(['alpha', 'beta', 'alpha'].map((text) => local.embedSync(text))));
    expect(result).toMatchObject({ hits: 0, misses: 3, computed: 2 });
    expect(await sample(EMBEDDING_PROVIDER_TEXTS, { model: provider.model })).toBe(2);
    expect(await sample(EMBEDDING_PROVIDER_REQUESTS, { model: provider.model, outcome: 'ok' })).toBe(1);
    expect(await sample(EMBEDDING_PROVIDER_SECONDS, { model: provider.model })).toBe(1);
  });

  it('with some texts cached: only the misses reach the provider and the metrics', async () => {
    const provider = countingProvider();
    const cache = new InMemoryEmbeddingCache().seed('cache-model@384', 'cached', cachedVector(0.5));
    const embedder = await build(provider, cache);

    const result = await embedder.embed(['cached', 'new one', 'new two', 'new one']);

    expect(cache.calls).toEqual([{ model: 'cache-model@384', texts: ['cached', 'new one', 'new two', 'new one'], dimensions: 384 }]);
    expect(provider.calls).toEqual([['new one', 'new two']]);
    expect(plain(result.vectors)).toEqual([cachedVector(0.5), ...plain(['new one', 'new two', 'new one'].map((text) => local.embedSync(text)))]);
    expect(result).toMatchObject({ hits: 1, misses: 3, computed: 2 });
    expect(await sample(EMBEDDING_PROVIDER_TEXTS, { model: provider.model })).toBe(2);
  });

  it('makes no provider call, and counts none, when everything is cached', async () => {
    const provider = countingProvider();
    const embedder = await build(provider, new InMemoryEmbeddingCache().seed('cache-model@384', 'x', cachedVector(1)));

    await expect(embedder.embed(['x', 'x'])).resolves.toMatchObject({ hits: 2, computed: 0 });

    expect(provider.callCount).toBe(0);
    expect(await sample(EMBEDDING_PROVIDER_REQUESTS, { model: provider.model, outcome: 'ok' })).toBe(0);
  });

  it('passes a provider error on, counts it as an error, and caches nothing', async () => {
    const provider = countingProvider().failNext(new ProviderError('m', 503, 'busy'));
    const cache = new InMemoryEmbeddingCache();
    const embedder = await build(provider, cache);

    await expect(embedder.embed(['a', 'b'])).rejects.toThrow(ProviderError);

    expect(await sample(EMBEDDING_PROVIDER_REQUESTS, { model: provider.model, outcome: 'error' })).toBe(1);
    expect(cache.has('cache-model@384', 'a')).toBe(false);
    await expect(embedder.embed(['a', 'b'])).resolves.toMatchObject({ computed: 2 });
  });

  it("states the provider's dims on every lookup: a cached vector of other dims is computed again", async () => {
    const provider = countingProvider();
    const cache = new InMemoryEmbeddingCache().seed('cache-model@384', 'short', [1, 2, 3]);
    const embedder = await build(provider, cache);

    const result = await embedder.embed(['short']);

    expect(cache.calls).toEqual([{ model: 'cache-model@384', texts: ['short'], dimensions: 384 }]);
    expect(provider.calls).toEqual([['short']]);
    expect(plain(result.vectors)).toEqual(plain([local.embedSync('short')]));
  });

  it('states no dims while the provider does not know them yet (an unknown model before its first answer)', async () => {
    const cache = new InMemoryEmbeddingCache();
    const embedder = await build({ model: 'unknown-size', dimensions: 0, embed: (texts) => local.embed(texts) }, cache);
    await embedder.embed(['a']);
    expect(cache.calls).toEqual([{ model: 'cache-model@384', texts: ['a'], dimensions: undefined }]);
  });

  describe.each([
    ['the real cache service, Redis disabled', false],
    ['a cache that stores', true],
  ])('a provider answering an invalid vector, through %s: InvalidProviderOutputError, counted as an error, nothing cached', (_path, stores) => {
    it.each([
      ['NaN', (vectors: Float32Array[]) => vectors.map((v, i) => (i === 1 ? Object.assign(v, { 5: Number.NaN }) : v)), 'vector 1 holds NaN at element 5'],
      ['+Infinity', (vectors: Float32Array[]) => vectors.map((v) => Object.assign(v, { 0: Number.POSITIVE_INFINITY })), 'vector 0 holds Infinity at element 0'],
      ['all zeros', (vectors: Float32Array[]) => vectors.map((v) => v.fill(0)), 'vector 0 is all zeros'],
      ['wrong dims', (vectors: Float32Array[]) => vectors.map((v) => v.subarray(0, 383)), 'vector 0 has 383 dimensions, expected 384'],
      ['one vector too few', (vectors: Float32Array[]) => vectors.slice(1), 'returned 1 vectors for 2 texts'],
      ['plain numbers beyond float32', (vectors: Float32Array[]) => vectors.map((v) => Array.from(v, () => 1e39)), 'vector 0 holds Infinity at element 0'],
    ])('%s', async (_case, spoil, problem) => {
      const provider = spoiltProvider(spoil);
      const cache = stores ? new InMemoryEmbeddingCache() : undefined;
      const embedder = await build(provider, cache);

      const failure = embedder.embed(['first text', 'second text']);

      await expect(failure).rejects.toThrow(InvalidProviderOutputError);
      await expect(failure).rejects.toMatchObject({ model: provider.model, status: undefined, problem });
      expect(await sample(EMBEDDING_PROVIDER_REQUESTS, { model: provider.model, outcome: 'error' })).toBe(1);
      expect(cache?.has('cache-model@384', 'first text') ?? false).toBe(false);
      expect(cache?.has('cache-model@384', 'second text') ?? false).toBe(false);
    });
  });

  describe('embedInBatches', () => {
    it('embeds consecutive slices of batchSize, reporting where each sits', async () => {
      const provider = countingProvider();
      const embedder = await build(provider);
      const texts = ['a', 'b', 'c', 'd', 'e'];

      const batches = [];
      for await (const batch of embedder.embedInBatches(texts, { batchSize: 2 })) batches.push(batch);

      expect(batches.map(({ start, texts: slice, percent }) => ({ start, slice, percent }))).toEqual([
        { start: 0, slice: ['a', 'b'], percent: 40 },
        { start: 2, slice: ['c', 'd'], percent: 80 },
        { start: 4, slice: ['e'], percent: 100 },
      ]);
      expect(provider.calls).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
      expect(plain(batches.flatMap((batch) => batch.result.vectors))).toEqual(plain(texts.map((text) => local.embedSync(text))));
    });

    it('yields a failed batch that skipFailedBatch accepts, with its error, and goes on', async () => {
      const rejected = new ProviderError('m', 400, 'input too long');
      const provider = countingProvider().failNext(rejected);
      const embedder = await build(provider);

      const outcomes = [];
      for await (const batch of embedder.embedInBatches(['a', 'b', 'c'], { batchSize: 2, skipFailedBatch: (error) => error === rejected })) {
        outcomes.push('error' in batch ? { failed: batch.texts, error: batch.error } : { embedded: batch.texts });
      }

      expect(outcomes).toEqual([{ failed: ['a', 'b'], error: rejected }, { embedded: ['c'] }]);
    });

    it('throws a failure that skipFailedBatch does not accept, stopping there', async () => {
      const provider = countingProvider().failNext(new ProviderError('m', 503, 'busy'));
      const embedder = await build(provider);
      const seen: string[][] = [];

      const run = async () => {
        for await (const batch of embedder.embedInBatches(['a', 'b', 'c'], { batchSize: 2, skipFailedBatch: () => false })) seen.push([...batch.texts]);
      };

      await expect(run()).rejects.toThrow('busy');
      expect(seen).toEqual([]);
      expect(provider.callCount).toBe(1);
    });

    it.each([0, 1.5, Number.NaN])('rejects batchSize %p', async (batchSize) => {
      const embedder = await build(countingProvider());
      await expect(embedder.embedInBatches(['a'], { batchSize }).next()).rejects.toThrow(RangeError);
    });

    it('yields nothing for no texts', async () => {
      const embedder = await build(countingProvider());
      await expect(embedder.embedInBatches([], { batchSize: 2 }).next()).resolves.toEqual({ done: true, value: undefined });
    });
  });
});
