import * as testing from './testing';

describe('@rag/cached-embeddings/testing entry', () => {
  it('exports exactly the test doubles', () => {
    expect(Object.keys(testing)).toEqual(['InMemoryEmbeddingCache']);
  });
});

describe('InMemoryEmbeddingCache', () => {
  it('computes only the missing texts, once each, and answers them from memory afterwards', async () => {
    const cache = new testing.InMemoryEmbeddingCache().seed('m', 'old', [1, 0]);
    const compute = jest.fn(async (texts: string[]) => texts.map((_, i) => [0, i]));

    const first = await cache.getOrComputeDetailed('m', ['old', 'new', 'new'], compute);
    const second = await cache.getOrComputeDetailed('m', ['new'], compute);

    expect(compute.mock.calls).toEqual([[['new']]]);
    expect(first).toEqual({ vectors: [Float32Array.from([1, 0]), Float32Array.from([0, 0]), Float32Array.from([0, 0])], hits: 1, misses: 2, computed: 1 });
    expect(second).toMatchObject({ hits: 1, computed: 0 });
    expect(cache.calls.map((call) => call.texts)).toEqual([['old', 'new', 'new'], ['new']]);
  });

  it('with stated dimensions, treats a stored vector of another length as a miss and replaces it', async () => {
    const cache = new testing.InMemoryEmbeddingCache().seed('m', 'short', [1, 2]);
    const compute = jest.fn(async (texts: string[]) => texts.map(() => [1, 2, 3]));

    await expect(cache.getOrComputeDetailed('m', ['short'], compute, { dimensions: 3 })).resolves.toMatchObject({ hits: 0, computed: 1 });
    await expect(cache.getOrComputeDetailed('m', ['short'], compute, { dimensions: 3 })).resolves.toMatchObject({ hits: 1, computed: 0 });
    expect(cache.calls.map((call) => call.dimensions)).toEqual([3, 3]);
  });

  it('rejects a compute that drops vectors, storing nothing', async () => {
    const cache = new testing.InMemoryEmbeddingCache();
    await expect(cache.getOrComputeDetailed('m', ['a', 'b'], async () => [[1]])).rejects.toThrow('compute returned 1 vectors for 2 texts');
    expect(cache.has('m', 'a')).toBe(false);
  });
});
