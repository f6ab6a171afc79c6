import * as api from './index';

describe('@rag/langchain-embeddings public entry', () => {
  const runtimeExports = ['RedisCacheBackedEmbeddings', 'InvalidCacheBackedEmbeddingsOptionsError'];

  it.each(runtimeExports)('exports %s', (name) => {
    expect((api as Record<string, unknown>)[name]).toBeDefined();
  });

  it('exports nothing unlisted at runtime', () => {
    expect(Object.keys(api).sort()).toEqual([...runtimeExports].sort());
  });
});
