import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { vectorStoreConfig } from '../src/lib/config/vector-store.config';
import { DataDirLockedError } from '../src/lib/errors/data-dir-locked.error';
import type { SqlDriver } from '../src/lib/interfaces/sql-driver.interface';
import type { VectorStoreConfig } from '../src/lib/interfaces/vector-store-config.interface';
import { VECTOR_STORE_DRIVER } from '../src/lib/vector-store.constants';
import { VectorStoreModule } from '../src/lib/vector-store.module';
import { VectorStore } from '../src/lib/vector-store.service';
import { startPgliteServer, startPostgresServer } from '@rag/test-utils';
import { axis } from './support/vectors';

/** Stands in for the app's embedding provider module, which knows the vector size. */
const EMBEDDING_DIMENSIONS = 'EMBEDDING_DIMENSIONS';
@Module({ providers: [{ provide: EMBEDDING_DIMENSIONS, useValue: 8 }], exports: [EMBEDDING_DIMENSIONS] })
class FakeEmbeddingsModule {}

function appModule() {
  return Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [vectorStoreConfig] }),
      VectorStoreModule.forRootAsync({
        imports: [FakeEmbeddingsModule],
        inject: [vectorStoreConfig.KEY, EMBEDDING_DIMENSIONS],
        useFactory: (config: VectorStoreConfig, dimensions: number) => ({ ...config, dimensions }),
      }),
    ],
  }).compile();
}

describe('VectorStoreModule against real databases', () => {
  const savedEnv = { ...process.env };
  let root: string;

  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    root = mkdtempSync(join(tmpdir(), 'vector-store-module-'));
  });

  afterEach(() => {
    process.env = { ...savedEnv };
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  it('uses PGlite at VECTOR_STORE_PATH without DATABASE_URL, closes it on shutdown, and keeps the data', async () => {
    const path = join(root, 'pglite');
    delete process.env['DATABASE_URL'];
    process.env['VECTOR_STORE_PATH'] = path;

    const first = await appModule();
    expect(first.get<SqlDriver>(VECTOR_STORE_DRIVER).kind).toBe('pglite');
    await first.get(VectorStore).upsertDocument({ id: 'kept', chunks: [{ text: 'across restarts', embedding: axis(8, 3) }] });
    await expect(appModule()).rejects.toThrow(DataDirLockedError);
    await first.close();
    expect(existsSync(`${path}.lock`)).toBe(false);

    const second = await appModule();
    try {
      await expect(second.get(VectorStore).search({ embedding: axis(8, 3) })).resolves.toEqual([
        expect.objectContaining({ documentId: 'kept', text: 'across restarts' }),
      ]);
    } finally {
      await second.close();
    }
  });

  it.each([
    // pglite-socket runs one connection's statements at a time: a larger pool hangs on parallel queries.
    { server: 'PGlite over pglite-socket', poolSize: '1', start: () => startPgliteServer() },
    {
      server: 'a real PostgreSQL with pgvector',
      poolSize: '4',
      start: async () => {
        const pg = await startPostgresServer();
        return { url: pg.url, stop: () => pg.stop() };
      },
    },
  ])('uses pg with DATABASE_URL and VECTOR_STORE_POOL_SIZE ($server, pool of $poolSize), and ends the pool on shutdown', async ({ poolSize, start }) => {
    const server = await start();
    let moduleRef: TestingModule | undefined;
    try {
      process.env['DATABASE_URL'] = server.url;
      process.env['VECTOR_STORE_POOL_SIZE'] = poolSize;
      moduleRef = await appModule();
      const store = moduleRef.get(VectorStore);
      const driver = moduleRef.get<SqlDriver>(VECTOR_STORE_DRIVER);
      expect(driver.kind).toBe('pg');
      // Twice as many overlapping queries as the pool holds: they run on exactly poolSize connections.
      const backends = await Promise.all(
        Array.from({ length: 2 * Number(poolSize) }, () => driver.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.1)')),
      );
      expect(new Set(backends.map(({ rows }) => rows[0].pid)).size).toBe(Number(poolSize));
      await store.upsertDocument({ id: 'remote', chunks: [{ text: 'over the wire', embedding: axis(8, 1) }] });
      await expect(store.search({ embedding: axis(8, 1) })).resolves.toEqual([expect.objectContaining({ documentId: 'remote' })]);
      await moduleRef.close();
      moduleRef = undefined;
      await expect(store.ping()).rejects.toThrow(expect.objectContaining({ code: 'VECTOR_STORE_QUERY_FAILED', operation: 'ping' }));
    } finally {
      await moduleRef?.close();
      await server.stop();
    }
  });
});
