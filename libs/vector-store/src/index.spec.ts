import * as api from './index';

describe('@rag/vector-store public entry', () => {
  const runtimeExports = [
    'VectorStoreModule',
    'VectorStore',
    'VectorStoreHealthIndicator',
    'registerVectorStore',
    'VECTOR_STORE_OPTIONS',
    'VECTOR_STORE_DRIVER',
    'VECTOR_STORE_ID',
    'VECTOR_STORE_DEFAULTS',
    'DEFAULT_VECTOR_STORE_PATH',
    'IN_MEMORY_PATH',
    'DEFAULT_TOP_K',
    'vectorStoreConfig',
    'loadVectorStoreConfig',
    'VectorStoreEnv',
    'PgDriver',
    'PGliteDriver',
    'createSqlDriver',
    'readStoreId',
    'chunkText',
    'computeContentHash',
    'toVectorLiteral',
    'VectorStoreError',
    'InvalidVectorStoreConfigError',
    'InvalidArgumentError',
    'DimensionMismatchError',
    'DataDirLockedError',
    'VectorStoreQueryError',
  ];

  it.each(runtimeExports)('exports %s', (name) => {
    expect((api as Record<string, unknown>)[name]).toBeDefined();
  });

  it('exports nothing unlisted at runtime', () => {
    expect(Object.keys(api).sort()).toEqual([...runtimeExports].sort());
  });

  it('names the public driver token VECTOR_STORE_DRIVER', () => {
    expect(api.VECTOR_STORE_DRIVER).toBe('VECTOR_STORE_DRIVER');
  });
});
