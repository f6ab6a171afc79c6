import { InvalidVectorStoreConfigError } from '../errors/invalid-vector-store-config.error';
import type { VectorStoreModuleOptions } from '../interfaces/vector-store-module-options.interface';
import { resolveOptions } from './resolve-options.util';

describe('resolveOptions', () => {
  it('fills in every default once', () => {
    expect(resolveOptions({ dimensions: 384 })).toEqual({
      dimensions: 384,
      path: '.data/pglite',
      poolSize: 10,
      chunkSize: 1000,
      chunkOverlap: 200,
      defaultCollection: 'default',
      schema: 'vector_store',
      hnsw: { m: 16, efConstruction: 64, efSearch: 100, exactScanMaxChunks: 2000 },
    });
  });

  it('keeps given values, ignores undefined ones and merges hnsw field by field', () => {
    expect(
      resolveOptions({ dimensions: 8, path: undefined, databaseUrl: 'postgres://db/rag', hnsw: { efSearch: 100, m: undefined } }),
    ).toMatchObject({ path: '.data/pglite', databaseUrl: 'postgres://db/rag', hnsw: { m: 16, efConstruction: 64, efSearch: 100, exactScanMaxChunks: 2000 } });
  });

  it.each([
    [{}, "dimensions must be an integer from 1 to 16000 (got undefined); pass the embedding provider's dimensions"],
    [{ dimensions: 0 }, 'dimensions must be an integer from 1 to 16000 (got 0); pass the embedding provider'],
    [{ dimensions: 16_001 }, 'dimensions must be an integer from 1 to 16000 (got 16001)'],
    [{ dimensions: 4, poolSize: 0 }, 'poolSize (VECTOR_STORE_POOL_SIZE) must be an integer from 1 to 100 (got 0)'],
    [{ dimensions: 4, chunkSize: 50 }, 'chunkSize (CHUNK_SIZE) must be an integer from 100 to 100000 (got 50)'],
    [{ dimensions: 4, chunkSize: 300, chunkOverlap: 300 }, 'chunkOverlap (CHUNK_OVERLAP) must be an integer ≥ 0 and less than chunkSize (got 300 with chunkSize 300)'],
    [{ dimensions: 4, hnsw: { m: 1 } }, 'hnsw.m must be an integer from 2 to 100 (got 1)'],
    [{ dimensions: 4, hnsw: { m: 48 } }, 'hnsw.efConstruction must be at least 2 * hnsw.m (got 64 with m 48)'],
    [{ dimensions: 4, hnsw: { efSearch: 1001 } }, 'hnsw.efSearch must be an integer from 1 to 1000 (got 1001)'],
    [{ dimensions: 4, hnsw: { exactScanMaxChunks: -1 } }, 'hnsw.exactScanMaxChunks must be an integer from 0 to 1000000 (got -1)'],
    [{ dimensions: 4, databaseUrl: 'mysql://u:hunter2@db/x' }, 'databaseUrl (DATABASE_URL) must be a postgres:// or postgresql:// URL with a host (got "mysql://u:***@db/x")'],
    [{ dimensions: 4, path: '' }, "path (VECTOR_STORE_PATH) must be a non-empty path or 'memory://'"],
    [{ dimensions: 4, defaultCollection: '' }, 'defaultCollection must be a string of 1-255 characters'],
    [{ dimensions: 4, schema: 'Public; DROP' }, 'schema must be a lower-case SQL identifier'],
  ])('fails at boot on %j, naming the option', (options, message) => {
    expect(() => resolveOptions(options as VectorStoreModuleOptions)).toThrow(InvalidVectorStoreConfigError);
    expect(() => resolveOptions(options as VectorStoreModuleOptions)).toThrow(message);
  });
});
