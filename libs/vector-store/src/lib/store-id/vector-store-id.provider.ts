import type { FactoryProvider } from '@nestjs/common';
import { resolveOptions } from '../config/resolve-options.util';
import type { SqlDriver } from '../interfaces/sql-driver.interface';
import type { VectorStoreModuleOptions } from '../interfaces/vector-store-module-options.interface';
import { runQuery } from '../utils/run-query.util';
import { VECTOR_STORE_DRIVER, VECTOR_STORE_ID, VECTOR_STORE_OPTIONS } from '../vector-store.constants';
import { VectorStore } from '../vector-store.service';
import { readStoreId } from './read-store-id.util';

/**
 * The store's persistent id (`readStoreId`) under `VECTOR_STORE_ID`, read once the `VectorStore`
 * has created its schema. Job queues use it to tell which store a document job belongs to.
 */
export const vectorStoreIdProvider: FactoryProvider<Promise<string>> = {
  provide: VECTOR_STORE_ID,
  inject: [VECTOR_STORE_DRIVER, VECTOR_STORE_OPTIONS, VectorStore],
  useFactory: async (driver: SqlDriver, options: VectorStoreModuleOptions) =>
    runQuery('read the store id', () => readStoreId(driver, resolveOptions(options).schema)),
};
