import type { EmbeddingProvider, EmbeddingsModuleOptions } from '@rag/embeddings';

/**
 * The model id to put in cache keys for `provider`: its model, plus `@<dims>` when dimensions
 * were configured, because the same model name then returns different vectors
 * (`text-embedding-3-small@512` ≠ `text-embedding-3-small`). Every process of a fleet must use
 * this one function so that their keys agree.
 */
export function cacheModelId(provider: EmbeddingProvider, options: Pick<EmbeddingsModuleOptions, 'dimensions'>): string {
  return options.dimensions ? `${provider.model}@${options.dimensions}` : provider.model;
}
