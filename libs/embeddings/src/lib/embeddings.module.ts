import { Module } from '@nestjs/common';
import { createEmbeddingProvider } from './create-embedding-provider.util';
import { EMBEDDING_CACHE_MODEL, EMBEDDING_PROVIDER, EMBEDDINGS_OPTIONS } from './embeddings.constants';
import { cacheModelId } from './utils/cache-model-id.util';
import { ConfigurableModuleClass } from './embeddings.module-definition';

/**
 * Provides the chosen `EmbeddingProvider` under `EMBEDDING_PROVIDER`, the model id of its cache keys
 * under `EMBEDDING_CACHE_MODEL`, and its options under `EMBEDDINGS_OPTIONS`.
 * `forRoot(options)` or `forRootAsync(embeddingsConfig.asProvider())`; `isGlobal: true` to register it once.
 */
@Module({
  providers: [
    { provide: EMBEDDING_PROVIDER, useFactory: createEmbeddingProvider, inject: [EMBEDDINGS_OPTIONS] },
    { provide: EMBEDDING_CACHE_MODEL, useFactory: cacheModelId, inject: [EMBEDDING_PROVIDER, EMBEDDINGS_OPTIONS] },
  ],
  exports: [EMBEDDING_PROVIDER, EMBEDDING_CACHE_MODEL, EMBEDDINGS_OPTIONS],
})
export class EmbeddingsModule extends ConfigurableModuleClass {}
