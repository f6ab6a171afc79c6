import { Module } from '@nestjs/common';
import { vectorStoreIdProvider } from './store-id/vector-store-id.provider';
import { VECTOR_STORE_DRIVER, VECTOR_STORE_ID } from './vector-store.constants';
import { VectorStoreLifecycle } from './vector-store.lifecycle';
import { ConfigurableModuleClass } from './vector-store.module-definition';
import { vectorStoreDriverProvider, vectorStoreProvider } from './vector-store.providers';
import { VectorStore } from './vector-store.service';

/**
 * Provides an initialised `VectorStore` (its `SqlDriver` under `VECTOR_STORE_DRIVER`, its
 * persistent id under `VECTOR_STORE_ID`).
 * `forRoot({ dimensions, ... })`, or `forRootAsync` with `vectorStoreConfig` plus the embedding
 * provider's dimensions; `isGlobal: true` to register it once. The driver it creates is closed on shutdown.
 */
@Module({
  providers: [vectorStoreDriverProvider, vectorStoreProvider, vectorStoreIdProvider, VectorStoreLifecycle],
  exports: [VectorStore, VECTOR_STORE_DRIVER, VECTOR_STORE_ID],
})
export class VectorStoreModule extends ConfigurableModuleClass {}
