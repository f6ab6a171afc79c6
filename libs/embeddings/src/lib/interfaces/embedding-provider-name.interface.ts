/** The provider implementations `createEmbeddingProvider` can build (`EMBEDDING_PROVIDER`). */
export type EmbeddingProviderName = 'openai' | 'local';
