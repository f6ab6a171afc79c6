import type { DynamicModule, InjectionToken } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { vectorStoreConfig } from './config/vector-store.config';
import { InvalidVectorStoreConfigError } from './errors/invalid-vector-store-config.error';
import type { VectorModel } from './interfaces/vector-model.interface';
import type { VectorStoreConfig } from './interfaces/vector-store-config.interface';
import { VectorStoreModule } from './vector-store.module';

/**
 * The apps' `VectorStoreModule` (global): configured from the environment (`DATABASE_URL`,
 * `VECTOR_STORE_PATH`, `CHUNK_SIZE`, ...) with the dimensions of the model found under `modelToken`
 * (apps pass `EMBEDDING_PROVIDER` of a global `EmbeddingsModule`; this library does not depend on
 * the embeddings one). A model of unknown size (an OpenAI-compatible server's own model) must be
 * given `EMBEDDING_DIMENSIONS`: the store's columns are created with a fixed size.
 */
export function registerVectorStore(modelToken: InjectionToken): DynamicModule {
  return VectorStoreModule.forRootAsync({
    isGlobal: true,
    imports: [ConfigModule.forFeature(vectorStoreConfig)],
    inject: [vectorStoreConfig.KEY, modelToken],
    useFactory: (config: VectorStoreConfig, model: VectorModel) => {
      if (model.dimensions <= 0) {
        throw new InvalidVectorStoreConfigError([
          `EMBEDDING_DIMENSIONS must be set: the vector size of model "${model.model}" is not known, and the vector store needs it`,
        ]);
      }
      return { ...config, dimensions: model.dimensions };
    },
  });
}
