import { Module } from '@nestjs/common';
import { VECTOR_STORE_DRIVER } from './vector-store.constants';
import { VectorStoreLifecycle } from './vector-store.lifecycle';
import { ConfigurableModuleClass } from './vector-store.module-definition';
import { vectorStoreDriverProvider, vectorStoreProvider } from './vector-store.providers';
import { VectorStore } from './vector-store.service';

/**
 * Provides an initialised `VectorStore` (and its `SqlDriver` under `VECTOR_STORE_DRIVER`).
 * `forRoot({ dimensions, ... })`, or `forRootAsync` with `vectorStoreConfig` plus the embedding
 * provider's dimensions; `isGlobal: true` to register it once. The driver it creates is closed on shutdown.
 */
@Module({
  providers: [vectorStoreDriverProvider, vectorStoreProvider, VectorStoreLifecycle],
  exports: [VectorStore, VECTOR_STORE_DRIVER],
})
export class VectorStoreModule extends ConfigurableModuleClass {}
