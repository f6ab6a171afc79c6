import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { SqlDriver } from './interfaces/sql-driver.interface';
import type { VectorStoreModuleOptions } from './interfaces/vector-store-module-options.interface';
import { VECTOR_STORE_DRIVER, VECTOR_STORE_OPTIONS } from './vector-store.constants';

/**
 * Closes the driver `VectorStoreModule` created, in the last shutdown phase (after every
 * `onModuleDestroy` and `beforeApplicationShutdown`). A driver passed as `options.driver` is borrowed
 * and left open. Runs on `app.close()`, or on SIGTERM when `main.ts` calls `app.enableShutdownHooks()`.
 */
@Injectable()
export class VectorStoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(VECTOR_STORE_DRIVER) private readonly driver: SqlDriver,
    @Inject(VECTOR_STORE_OPTIONS) private readonly options: VectorStoreModuleOptions,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.options.driver === undefined) await this.driver.close();
  }
}
