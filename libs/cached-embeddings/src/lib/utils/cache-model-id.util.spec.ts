import { LocalEmbeddingProvider } from '@rag/embeddings';
import type { EmbeddingProvider } from '@rag/embeddings';
import { cacheModelId } from './cache-model-id.util';

const openai = (model: string, dimensions: number): EmbeddingProvider => ({ model, dimensions, embed: jest.fn() });

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

  it.each([
    ['text-embedding-3-small', 1536],
    ['text-embedding-3-large', 3072],
    ['text-embedding-ada-002', 1536],
  ])('is the plain model when the configured dimensions are %s\'s native %i, so legacy-imported entries keep hitting', (model, dims) => {
    expect(cacheModelId(openai(model, dims), { dimensions: dims })).toBe(model);
    expect(cacheModelId(openai(model, dims), {})).toBe(model);
  });

  it('is the plain model for the local provider at its native 384 dimensions', () => {
    expect(cacheModelId(provider, { dimensions: 384 })).toBe('local-hash-v1');
  });

  it('adds the dimensions for a model whose native size is not known, since they may differ from it', () => {
    expect(cacheModelId(openai('nomic-embed-text', 768), { dimensions: 768 })).toBe('nomic-embed-text@768');
  });

  it('adds the dimensions when they differ from a known native size', () => {
    expect(cacheModelId(openai('text-embedding-3-large', 1536), { dimensions: 1536 })).toBe('text-embedding-3-large@1536');
  });
});
