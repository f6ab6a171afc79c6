import * as api from './index';

describe('@rag/embeddings public entry', () => {
  const runtimeExports = [
    'EmbeddingsModule',
    'EMBEDDING_PROVIDER',
    'EMBEDDINGS_OPTIONS',
    'MAX_EMBEDDING_DIMENSIONS',
    'MODEL_ALIASES_ENV',
    'LOCAL_EMBEDDING_MODEL',
    'LOCAL_EMBEDDING_DIMENSIONS',
    'DEFAULT_OPENAI_EMBEDDING_MODEL',
    'DEFAULT_OPENAI_BASE_URL',
    'OPENAI_EMBEDDING_DEFAULTS',
    'KNOWN_MODEL_DIMENSIONS',
    'embeddingsConfig',
    'loadEmbeddingsOptions',
    'EmbeddingsEnv',
    'OpenAIEmbeddingsEnv',
    'EMBEDDING_PROVIDERS',
    'EMBEDDING_PROVIDER_NAMES',
    'createEmbeddingProvider',
    'OpenAIEmbeddingProvider',
    'LocalEmbeddingProvider',
    'describeUnavailableModel',
    'EmbeddingsError',
    'ProviderError',
    'InvalidProviderOutputError',
    'checkProviderOutput',
    'sliceByChars',
    'InvalidEmbeddingsConfigError',
    'InvalidEmbeddingInputError',
  ];

  it.each(runtimeExports)('exports %s', (name) => {
    expect((api as Record<string, unknown>)[name]).toBeDefined();
  });

  it('exports nothing unlisted at runtime', () => {
    expect(Object.keys(api).sort()).toEqual([...runtimeExports].sort());
  });

  it('names the public token EMBEDDING_PROVIDER', () => {
    expect(api.EMBEDDING_PROVIDER).toBe('EMBEDDING_PROVIDER');
  });
});
