import { Embeddings } from '@langchain/core/embeddings';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { InvalidCacheBackedEmbeddingsOptionsError } from './errors/invalid-cache-backed-embeddings-options.error';
import type { EmbeddingCacheLike } from './interfaces/redis-cache-backed-embeddings-options.interface';
import { RedisCacheBackedEmbeddings } from './redis-cache-backed.embeddings';

type Compute = (texts: string[]) => Promise<ReadonlyArray<ArrayLike<number>>>;

const underlying = {
  embedDocuments: jest.fn<Promise<number[][]>, [string[]]>(),
  embedQuery: jest.fn<Promise<number[]>, [string]>(),
};
const getOrCompute = jest.fn<Promise<Float32Array[]>, [string, readonly string[], Compute]>();
const cache: EmbeddingCacheLike = { getOrCompute: getOrCompute as EmbeddingCacheLike['getOrCompute'] };

/** A cache double that misses everything: it calls `compute` with the texts, as the real one does on a cold cache. */
const missEverything = async (_model: string, texts: readonly string[], compute: Compute): Promise<Float32Array[]> =>
  (await compute([...texts])).map((vector) => Float32Array.from(vector));

describe('RedisCacheBackedEmbeddings', () => {
  beforeEach(() => {
    jest.resetAllMocks();
    underlying.embedDocuments.mockImplementation(async (texts) => texts.map((text) => [text.length, 0.5]));
    underlying.embedQuery.mockImplementation(async (text) => [text.length, -0.5]);
  });

  it('is a LangChain Embeddings', () => {
    const embeddings = new RedisCacheBackedEmbeddings({ underlying, cache, model: 'm' });

    expect(embeddings).toBeInstanceOf(Embeddings);
  });

  it('embedDocuments makes one getOrCompute call under the model and returns plain number arrays', async () => {
    // Arrange
    getOrCompute.mockResolvedValue([Float32Array.of(1, 2), Float32Array.of(3, 4)]);
    const embeddings = new RedisCacheBackedEmbeddings({ underlying, cache, model: 'text-embedding-3-small' });

    // Act
    const vectors = await embeddings.embedDocuments(['a', 'b']);

    // Assert
    expect(getOrCompute).toHaveBeenCalledTimes(1);
    expect(getOrCompute).toHaveBeenCalledWith('text-embedding-3-small', ['a', 'b'], expect.any(Function));
    expect(vectors).toEqual([[1, 2], [3, 4]]);
    expect(vectors.every((vector) => Array.isArray(vector))).toBe(true);
    expect(underlying.embedDocuments).not.toHaveBeenCalled();
  });

  it('computes the missed texts with underlying.embedDocuments', async () => {
    getOrCompute.mockImplementation(missEverything);
    const embeddings = new RedisCacheBackedEmbeddings({ underlying, cache, model: 'm' });

    const vectors = await embeddings.embedDocuments(['abc', 'de']);

    expect(underlying.embedDocuments).toHaveBeenCalledWith(['abc', 'de']);
    expect(vectors).toEqual([[3, 0.5], [2, 0.5]]);
  });

  it('answers an empty list without touching the cache or the underlying embeddings', async () => {
    const embeddings = new RedisCacheBackedEmbeddings({ underlying, cache, model: 'm' });

    await expect(embeddings.embedDocuments([])).resolves.toEqual([]);
    expect(getOrCompute).not.toHaveBeenCalled();
    expect(underlying.embedDocuments).not.toHaveBeenCalled();
  });

  it('embedQuery caches under the model by default and computes with underlying.embedQuery', async () => {
    getOrCompute.mockImplementation(missEverything);
    const embeddings = new RedisCacheBackedEmbeddings({ underlying, cache, model: 'm' });

    const vector = await embeddings.embedQuery('four');

    expect(getOrCompute).toHaveBeenCalledWith('m', ['four'], expect.any(Function));
    expect(underlying.embedQuery).toHaveBeenCalledWith('four');
    expect(underlying.embedDocuments).not.toHaveBeenCalled();
    expect(vector).toEqual([4, -0.5]);
    expect(Array.isArray(vector)).toBe(true);
  });

  it('embedQuery caches under queryModel when one is given', async () => {
    getOrCompute.mockResolvedValue([Float32Array.of(7)]);
    const embeddings = new RedisCacheBackedEmbeddings({ underlying, cache, model: 'm', queryModel: 'm:query' });

    await expect(embeddings.embedQuery('q')).resolves.toEqual([7]);
    expect(getOrCompute).toHaveBeenCalledWith('m:query', ['q'], expect.any(Function));
  });

  it('embedQuery goes straight to the underlying embeddings when queryModel is false', async () => {
    const embeddings = new RedisCacheBackedEmbeddings({ underlying, cache, model: 'm', queryModel: false });

    await expect(embeddings.embedQuery('q')).resolves.toEqual([1, -0.5]);
    expect(getOrCompute).not.toHaveBeenCalled();
  });

  it('passes an error of the underlying embeddings to the caller', async () => {
    getOrCompute.mockImplementation(missEverything);
    underlying.embedDocuments.mockRejectedValue(new Error('429 rate limited'));
    const embeddings = new RedisCacheBackedEmbeddings({ underlying, cache, model: 'm' });

    await expect(embeddings.embedDocuments(['a'])).rejects.toThrow('429 rate limited');
  });

  it.each([
    ['an empty model', { model: '' }, /model must be a non-empty string/],
    ['a non-string model', { model: 42 }, /model must be a non-empty string/],
    ['an empty queryModel', { queryModel: '' }, /queryModel must be a non-empty string or false/],
    ['no underlying embeddings', { underlying: undefined }, /underlying must be LangChain Embeddings/],
    ['no cache', { cache: {} }, /cache must have getOrCompute/],
  ])('rejects %s at construction', (_case, override, message) => {
    const options = { underlying: underlying as EmbeddingsInterface, cache, model: 'm', ...override };

    const construct = (): RedisCacheBackedEmbeddings =>
      new RedisCacheBackedEmbeddings(options as unknown as ConstructorParameters<typeof RedisCacheBackedEmbeddings>[0]);

    expect(construct).toThrow(InvalidCacheBackedEmbeddingsOptionsError);
    expect(construct).toThrow(message);
  });
});
