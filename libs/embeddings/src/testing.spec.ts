import * as testing from './testing';
import { LocalEmbeddingProvider } from './lib/providers/local/local-embedding.provider';

describe('@rag/embeddings/testing entry', () => {
  it('exports exactly the test doubles', () => {
    expect(Object.keys(testing).sort()).toEqual(['CountingEmbeddingProvider', 'FakeOpenAIServer']);
    expect(testing.FakeOpenAIServer).toBeDefined();
    expect(testing.CountingEmbeddingProvider).toBeDefined();
  });
});

describe('CountingEmbeddingProvider', () => {
  it('delegates to the local provider and counts calls and texts', async () => {
    const provider = new testing.CountingEmbeddingProvider();
    const vectors = await provider.embed(['a', 'b']);
    expect(provider).toMatchObject({ model: 'local-hash-v1', dimensions: 384, callCount: 1, inputCount: 2 });
    expect(Array.from(vectors[0])).toEqual(Array.from(new LocalEmbeddingProvider().embedSync('a')));
  });

  it('rejects injected failures, then recovers; reset forgets everything', async () => {
    const provider = new testing.CountingEmbeddingProvider().failNext(new Error('down'), 2);
    await expect(provider.embed(['a'])).rejects.toThrow('down');
    await expect(provider.embed(['a'])).rejects.toThrow('down');
    await expect(provider.embed(['a'])).resolves.toHaveLength(1);
    expect(provider).toMatchObject({ callCount: 3, inputCount: 1 });
    provider.reset();
    expect(provider).toMatchObject({ callCount: 0, inputCount: 0 });
  });
});
