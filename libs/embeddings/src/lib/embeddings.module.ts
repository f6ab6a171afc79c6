import { Inject, Module } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { createEmbeddingProvider } from './create-embedding-provider.util';
import { EMBEDDING_PROVIDER, EMBEDDINGS_OPTIONS } from './embeddings.constants';
import { ConfigurableModuleClass } from './embeddings.module-definition';
import type { EmbeddingProvider } from './interfaces/embedding-provider.interface';

/**
 * Provides the chosen `EmbeddingProvider` under `EMBEDDING_PROVIDER` and its options under
 * `EMBEDDINGS_OPTIONS`. `forRoot(options)` or `forRootAsync(embeddingsConfig.asProvider())`;
 * `isGlobal: true` to register it once. At shutdown it closes the provider (the local provider's
 * worker threads).
 */
@Module({
  providers: [{ provide: EMBEDDING_PROVIDER, useFactory: createEmbeddingProvider, inject: [EMBEDDINGS_OPTIONS] }],
  exports: [EMBEDDING_PROVIDER, EMBEDDINGS_OPTIONS],
})
export class EmbeddingsModule extends ConfigurableModuleClass implements OnApplicationShutdown {
  constructor(@Inject(EMBEDDING_PROVIDER) private readonly provider: EmbeddingProvider) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.provider.close?.();
  }
}
