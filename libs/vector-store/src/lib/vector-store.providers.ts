import type { FactoryProvider } from '@nestjs/common';
import { resolveOptions } from './config/resolve-options.util';
import { createSqlDriver } from './drivers/create-sql-driver.util';
import type { SqlDriver } from './interfaces/sql-driver.interface';
import type { VectorStoreModuleOptions } from './interfaces/vector-store-module-options.interface';
import { VECTOR_STORE_DRIVER, VECTOR_STORE_OPTIONS } from './vector-store.constants';
import { VectorStore } from './vector-store.service';

/** The module's driver: `options.driver` (borrowed) or a new `PgDriver` / `PGliteDriver` (owned, closed on shutdown). */
export const vectorStoreDriverProvider: FactoryProvider<Promise<SqlDriver>> = {
  provide: VECTOR_STORE_DRIVER,
  inject: [VECTOR_STORE_OPTIONS],
  useFactory: async (options: VectorStoreModuleOptions) => {
    // Options are checked before anything is opened, so bad configuration leaves nothing to close.
    const resolved = resolveOptions(options);
    return resolved.driver ?? createSqlDriver(resolved);
  },
};

/** The `VectorStore`, initialised (schema created, dimensions checked) before anything can inject it. */
export const vectorStoreProvider: FactoryProvider<Promise<VectorStore>> = {
  provide: VectorStore,
  inject: [VECTOR_STORE_DRIVER, VECTOR_STORE_OPTIONS],
  useFactory: async (driver: SqlDriver, options: VectorStoreModuleOptions) => {
    const store = new VectorStore(driver, options);
    try {
      await store.init();
    } catch (error) {
      // Boot fails; an owned driver is closed so its pool, or its PGlite and data directory lock, is not left behind.
      if (options.driver === undefined) await driver.close().catch(() => undefined);
      throw error;
    }
    return store;
  },
};
