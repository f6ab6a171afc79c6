import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { EmbeddingCacheService } from '@rag/embedding-cache';

/** The part of `EmbeddingCacheService` that `RedisCacheBackedEmbeddings` uses. */
export type EmbeddingCacheLike = Pick<EmbeddingCacheService, 'getOrCompute'>;

/** Options of `RedisCacheBackedEmbeddings`. */
export interface RedisCacheBackedEmbeddingsOptions {
  /** The LangChain embeddings that compute what the cache misses (e.g. `new OpenAIEmbeddings()`). */
  underlying: EmbeddingsInterface;
  /** The shared cache, usually the `EmbeddingCacheService` injected by Nest. */
  cache: EmbeddingCacheLike;
  /**
   * Model id in the cache keys of documents (`sha256(model::text)`). Required: LangChain
   * embeddings expose no reliable model name, and two models must never share entries. Use the
   * id the rest of the fleet uses for the same vectors (e.g. rag-api's `EMBEDDING_CACHE_MODEL`,
   * `text-embedding-3-small@512` when dimensions are reduced) to share entries with it.
   */
  model: string;
  /**
   * Model id in the cache keys of queries, or `false` to send every `embedQuery` to `underlying`.
   * Queries are computed with `underlying.embedQuery`. Sharing the documents' id is right for
   * models that embed a query like a document (OpenAI); give a distinct id (e.g. `<model>:query`)
   * for models that do not (Cohere `input_type`, Google task types, E5/Nomic prefixes).
   * @default model
   */
  queryModel?: string | false;
}
