import { Module } from '@nestjs/common';
import { createEmbeddingProvider } from './create-embedding-provider.util';
import { EMBEDDING_PROVIDER, EMBEDDINGS_OPTIONS } from './embeddings.constants';
import { ConfigurableModuleClass } from './embeddings.module-definition';

/**
 * Provides the chosen `EmbeddingProvider` under `EMBEDDING_PROVIDER` and its options under
 * `EMBEDDINGS_OPTIONS`. `forRoot(options)` or `forRootAsync(embeddingsConfig.asProvider())`;
 * `isGlobal: true` to register it once.
 */
@Module({
  providers: [{ provide: EMBEDDING_PROVIDER, useFactory: createEmbeddingProvider, inject: [EMBEDDINGS_OPTIONS] }],
  exports: [EMBEDDING_PROVIDER, EMBEDDINGS_OPTIONS],
})
export class EmbeddingsModule extends ConfigurableModuleClass {}
