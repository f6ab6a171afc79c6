import { InvalidVectorStoreConfigError } from '../errors/invalid-vector-store-config.error';
import { loadVectorStoreConfig, vectorStoreConfig } from './vector-store.config';

describe('vectorStoreConfig', () => {
  it('is the vectorStore namespace', () => {
    expect(vectorStoreConfig.KEY).toBe('CONFIGURATION(vectorStore)');
  });

  it('has the documented defaults: PGlite at .data/pglite, pool 10, chunks 1000/200', () => {
    expect(loadVectorStoreConfig({})).toEqual({
      databaseUrl: undefined,
      path: '.data/pglite',
      poolSize: 10,
      chunkSize: 1000,
      chunkOverlap: 200,
    });
  });

  it('maps every variable', () => {
    expect(
      loadVectorStoreConfig({
        DATABASE_URL: 'postgresql://rag:secret@db:5432/rag?sslmode=require',
        VECTOR_STORE_PATH: '/var/lib/rag/pglite',
        VECTOR_STORE_POOL_SIZE: '4',
        CHUNK_SIZE: '500',
        CHUNK_OVERLAP: '0',
      }),
    ).toEqual({
      databaseUrl: 'postgresql://rag:secret@db:5432/rag?sslmode=require',
      path: '/var/lib/rag/pglite',
      poolSize: 4,
      chunkSize: 500,
      chunkOverlap: 0,
    });
  });

  it('accepts postgres:// and memory://', () => {
    expect(loadVectorStoreConfig({ DATABASE_URL: 'postgres://db/rag', VECTOR_STORE_PATH: 'memory://' })).toMatchObject({
      databaseUrl: 'postgres://db/rag',
      path: 'memory://',
    });
  });

  it('treats empty values as unset', () => {
    expect(loadVectorStoreConfig({ DATABASE_URL: '', VECTOR_STORE_PATH: '', CHUNK_SIZE: '' })).toEqual(loadVectorStoreConfig({}));
  });

  it.each([
    [{ DATABASE_URL: 'mysql://db/rag' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL with a host (got "mysql://db/rag")'],
    [{ DATABASE_URL: 'db:5432/rag' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL with a host (got "<unparseable URL>")'],
    [{ VECTOR_STORE_POOL_SIZE: '0' }, 'VECTOR_STORE_POOL_SIZE must be an integer from 1 to 100 (got "0")'],
    [{ VECTOR_STORE_POOL_SIZE: '101' }, 'VECTOR_STORE_POOL_SIZE must be an integer from 1 to 100'],
    [{ VECTOR_STORE_POOL_SIZE: 'ten' }, 'VECTOR_STORE_POOL_SIZE must be an integer from 1 to 100'],
    [{ CHUNK_SIZE: '99' }, 'CHUNK_SIZE must be an integer from 100 to 100000 (got "99")'],
    [{ CHUNK_SIZE: '100001' }, 'CHUNK_SIZE must be an integer from 100 to 100000'],
    [{ CHUNK_SIZE: '512.5' }, 'CHUNK_SIZE must be an integer from 100 to 100000'],
    [{ CHUNK_OVERLAP: '-1' }, 'CHUNK_OVERLAP must be an integer ≥ 0 and less than CHUNK_SIZE (got "-1")'],
    [{ CHUNK_OVERLAP: '1000' }, 'CHUNK_OVERLAP must be less than CHUNK_SIZE (got CHUNK_OVERLAP=1000, CHUNK_SIZE=1000)'],
    [{ CHUNK_SIZE: '150' }, 'CHUNK_OVERLAP must be less than CHUNK_SIZE (got CHUNK_OVERLAP=200, CHUNK_SIZE=150)'],
  ])('fails at boot on %j, naming the variable', (env, message) => {
    expect(() => loadVectorStoreConfig(env)).toThrow(InvalidVectorStoreConfigError);
    expect(() => loadVectorStoreConfig(env)).toThrow(message);
  });

  it('lists every bad variable at once', () => {
    expect(() => loadVectorStoreConfig({ VECTOR_STORE_POOL_SIZE: '0', CHUNK_SIZE: '5' })).toThrow(
      expect.objectContaining({
        problems: [expect.stringMatching(/^VECTOR_STORE_POOL_SIZE/), expect.stringMatching(/^CHUNK_SIZE/)],
      }),
    );
  });

  it('shows a value that is not a number as it was set, with its rule once', () => {
    expect(() => loadVectorStoreConfig({ VECTOR_STORE_POOL_SIZE: 'ten', CHUNK_OVERLAP: 'x' })).toThrow(
      expect.objectContaining({
        problems: [
          'VECTOR_STORE_POOL_SIZE must be an integer from 1 to 100 (got "ten")',
          'CHUNK_OVERLAP must be an integer ≥ 0 and less than CHUNK_SIZE (got "x")',
        ],
      }),
    );
  });

  it('never repeats a password of DATABASE_URL', () => {
    const load = () => loadVectorStoreConfig({ DATABASE_URL: 'mysql://rag:hunter2@db/rag?password=hunter2' });
    expect(load).toThrow(expect.objectContaining({ message: expect.stringContaining('mysql://rag:***@db/rag?password=***') }));
    expect(load).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});
