import { KNOWN_MODEL_DIMENSIONS, LOCAL_EMBEDDING_DIMENSIONS, LOCAL_EMBEDDING_MODEL } from '@rag/embeddings';
import type { EmbeddingProvider, EmbeddingsModuleOptions } from '@rag/embeddings';

/** Native vector sizes of the models whose size is known, the local lexical model included. */
const NATIVE_DIMENSIONS: Readonly<Record<string, number>> = { ...KNOWN_MODEL_DIMENSIONS, [LOCAL_EMBEDDING_MODEL]: LOCAL_EMBEDDING_DIMENSIONS };

/**
 * The model id to put in cache keys for `provider`: its model, plus `@<dims>` when the configured
 * dimensions change its vectors (`text-embedding-3-small@512` ≠ `text-embedding-3-small`). That
 * is when they differ from the model's native size, or when that size is not known. Dimensions
 * equal to a known native size keep the plain model, so entries keyed `sha256(model::text)`
 * (imported from the legacy file cache, or written before `EMBEDDING_DIMENSIONS` was set) still hit.
 * Every process of a fleet must use this one function so that their keys agree.
 */
export function cacheModelId(provider: EmbeddingProvider, options: Pick<EmbeddingsModuleOptions, 'dimensions'>): string {
  const { dimensions } = options;
  if (!dimensions || NATIVE_DIMENSIONS[provider.model] === dimensions) return provider.model;
  return `${provider.model}@${dimensions}`;
}
