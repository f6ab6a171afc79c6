import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EMBEDDING_PROVIDER } from '@rag/embeddings';
import type { EmbeddingProvider } from '@rag/embeddings';
import { InvalidVectorStoreConfigError, VectorStoreModule, vectorStoreConfig } from '@rag/vector-store';
import type { VectorStoreConfig } from '@rag/vector-store';

/**
 * The apps' `VectorStoreModule` (global): configured from the environment (`DATABASE_URL`,
 * `VECTOR_STORE_PATH`, `CHUNK_SIZE`, ...) with the embedding provider's dimensions. Needs a global
 * `EmbeddingsModule`. A model of unknown size (an OpenAI-compatible server's own model) must be
 * given `EMBEDDING_DIMENSIONS`: the store's columns are created with a fixed size.
 */
export function registerVectorStore(): DynamicModule {
  return VectorStoreModule.forRootAsync({
    isGlobal: true,
    imports: [ConfigModule.forFeature(vectorStoreConfig)],
    inject: [vectorStoreConfig.KEY, EMBEDDING_PROVIDER],
    useFactory: (config: VectorStoreConfig, provider: EmbeddingProvider) => {
      if (provider.dimensions <= 0) {
        throw new InvalidVectorStoreConfigError([
          `EMBEDDING_DIMENSIONS must be set: the vector size of model "${provider.model}" is not known, and the vector store needs it`,
        ]);
      }
      return { ...config, dimensions: provider.dimensions };
    },
  });
}
