import { Injectable, Logger, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { FAKE_STORE_ID, FakeSqlDriver } from '../../test/support/fake-sql-driver';
import { vectorStoreConfig } from './config/vector-store.config';
import type { VectorStoreConfig } from './interfaces/vector-store-config.interface';
import { createSqlDriver } from './drivers/create-sql-driver.util';
import { DimensionMismatchError } from './errors/dimension-mismatch.error';
import { InvalidVectorStoreConfigError } from './errors/invalid-vector-store-config.error';
import type { VectorStoreModuleOptions } from './interfaces/vector-store-module-options.interface';
import { VECTOR_STORE_DRIVER, VECTOR_STORE_ID, VECTOR_STORE_OPTIONS } from './vector-store.constants';
import { VectorStoreModule } from './vector-store.module';
import { VectorStore } from './vector-store.service';

jest.mock('./drivers/create-sql-driver.util', () => ({ createSqlDriver: jest.fn() }));
const createSqlDriverMock = jest.mocked(createSqlDriver);

const borrowed = new FakeSqlDriver();
const options: VectorStoreModuleOptions = { dimensions: 4, driver: borrowed };

@Injectable()
class OptionsFactory {
  create(): VectorStoreModuleOptions {
    return options;
  }
}

@Module({ providers: [OptionsFactory, { provide: 'DIMS', useValue: 4 }], exports: [OptionsFactory, 'DIMS'] })
class OptionsModule {}

async function compile(imports: unknown[]) {
  return Test.createTestingModule({ imports: imports as never[] }).compile();
}

beforeEach(() => {
  jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  createSqlDriverMock.mockReset();
  borrowed.statements.length = 0;
  borrowed.closeCalls = 0;
});

afterEach(() => jest.restoreAllMocks());

describe('VectorStoreModule', () => {
  it('forRoot provides an initialised VectorStore, the driver, the options and the store id; a borrowed driver stays open', async () => {
    const moduleRef = await compile([VectorStoreModule.forRoot(options)]);
    const store = moduleRef.get(VectorStore);
    expect(store.dimensions).toBe(4);
    // collections, documents, chunks; then the store id's table, once they exist.
    expect(borrowed.matching('CREATE TABLE IF NOT EXISTS').map((s) => s.sql.includes('store_info'))).toEqual([false, false, false, true]);
    expect(moduleRef.get(VECTOR_STORE_ID)).toBe(FAKE_STORE_ID);
    expect(borrowed.matching('INSERT INTO "vector_store".store_info')[0].inTransaction).toBe(true);
    expect(moduleRef.get(VECTOR_STORE_DRIVER)).toBe(borrowed);
    expect(moduleRef.get(VECTOR_STORE_OPTIONS)).toEqual(options);
    await moduleRef.close();
    expect(borrowed.closeCalls).toBe(0);
    expect(createSqlDriverMock).not.toHaveBeenCalled();
  });

  it('creates its own driver from the options and closes it on shutdown', async () => {
    const owned = new FakeSqlDriver();
    createSqlDriverMock.mockResolvedValue(owned);
    const moduleRef = await compile([VectorStoreModule.forRoot({ dimensions: 4, path: 'memory://' })]);
    expect(createSqlDriverMock).toHaveBeenCalledWith(expect.objectContaining({ path: 'memory://', poolSize: 10 }));
    expect(moduleRef.get(VECTOR_STORE_DRIVER)).toBe(owned);
    await moduleRef.close();
    expect(owned.closeCalls).toBe(1);
  });

  it('forRootAsync with useFactory', async () => {
    const moduleRef = await compile([VectorStoreModule.forRootAsync({ useFactory: () => options })]);
    expect(moduleRef.get(VectorStore)).toBeInstanceOf(VectorStore);
    await moduleRef.close();
  });

  it('forRootAsync with useFactory and inject', async () => {
    const moduleRef = await compile([
      VectorStoreModule.forRootAsync({
        imports: [OptionsModule],
        inject: ['DIMS'],
        useFactory: (dimensions: number) => ({ dimensions, driver: borrowed, defaultCollection: 'docs' }),
      }),
    ]);
    expect(moduleRef.get(VectorStore)).toMatchObject({ dimensions: 4, defaultCollection: 'docs' });
    await moduleRef.close();
  });

  it('forRootAsync with useClass', async () => {
    const moduleRef = await compile([VectorStoreModule.forRootAsync({ useClass: OptionsFactory })]);
    expect(moduleRef.get(VECTOR_STORE_OPTIONS)).toEqual(options);
    await moduleRef.close();
  });

  it('forRootAsync with useExisting', async () => {
    const moduleRef = await compile([VectorStoreModule.forRootAsync({ imports: [OptionsModule], useExisting: OptionsFactory })]);
    expect(moduleRef.get(VECTOR_STORE_OPTIONS)).toBe(options);
    await moduleRef.close();
  });

  it('forRootAsync with vectorStoreConfig and the provider dimensions, as an app wires it', async () => {
    const saved = { ...process.env };
    process.env['CHUNK_SIZE'] = '800';
    process.env['VECTOR_STORE_PATH'] = 'memory://';
    createSqlDriverMock.mockResolvedValue(new FakeSqlDriver());
    try {
      const moduleRef = await compile([
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [vectorStoreConfig] }),
        VectorStoreModule.forRootAsync({
          imports: [OptionsModule],
          inject: [vectorStoreConfig.KEY, 'DIMS'],
          useFactory: (config: VectorStoreConfig, dimensions: number) => ({ ...config, dimensions }),
        }),
      ]);
      expect(moduleRef.get(VectorStore).chunking).toEqual({ chunkSize: 800, chunkOverlap: 200 });
      expect(createSqlDriverMock).toHaveBeenCalledWith(expect.objectContaining({ path: 'memory://' }));
      await moduleRef.close();
    } finally {
      process.env = saved;
    }
  });

  it('isGlobal makes the module global', () => {
    expect(VectorStoreModule.forRoot({ ...options, isGlobal: true }).global).toBe(true);
    expect(VectorStoreModule.forRoot(options).global).toBe(false);
  });

  it('fails at boot on bad options, naming them, before opening anything', async () => {
    await expect(compile([VectorStoreModule.forRoot({ dimensions: 0 })])).rejects.toThrow(InvalidVectorStoreConfigError);
    await expect(compile([VectorStoreModule.forRoot({ dimensions: 0 })])).rejects.toThrow('dimensions must be an integer from 1 to 16000 (got 0)');
    expect(createSqlDriverMock).not.toHaveBeenCalled();
  });

  it('fails at boot on a dimension mismatch of the default collection, closing the driver it opened', async () => {
    const owned = new FakeSqlDriver((sql) => {
      if (sql.includes('extversion')) return [{ version: '0.8.0' }];
      if (sql.includes('ORDER BY name')) return [{ name: 'default', dims: 384 }];
      return [];
    });
    createSqlDriverMock.mockResolvedValue(owned);
    await expect(compile([VectorStoreModule.forRoot({ dimensions: 4 })])).rejects.toThrow(DimensionMismatchError);
    expect(owned.closeCalls).toBe(1);
  });
});
