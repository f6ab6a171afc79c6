import { LocalEmbeddingProvider } from '@rag/embeddings';
import { cacheModelId } from './cache-model-id.util';

describe('cacheModelId', () => {
  const provider = new LocalEmbeddingProvider();

  it('is the model when no dimensions were configured', () => {
    expect(cacheModelId(provider, {})).toBe('local-hash-v1');
  });

  it('adds the configured dimensions, since they change the vectors', () => {
    expect(cacheModelId({ model: 'text-embedding-3-small', dimensions: 512, embed: jest.fn() }, { dimensions: 512 })).toBe(
      'text-embedding-3-small@512',
    );
  });
});
