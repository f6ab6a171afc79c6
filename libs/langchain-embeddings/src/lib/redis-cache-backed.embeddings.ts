import { Embeddings } from '@langchain/core/embeddings';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { InvalidCacheBackedEmbeddingsOptionsError } from './errors/invalid-cache-backed-embeddings-options.error';
import type {
  EmbeddingCacheLike,
  RedisCacheBackedEmbeddingsOptions,
} from './interfaces/redis-cache-backed-embeddings-options.interface';

/**
 * A LangChain JS `Embeddings` that puts the shared Redis embedding cache in front of any other
 * LangChain `Embeddings`: use it wherever LangChain takes embeddings (vector stores, retrievers).
 *
 * Both methods go through `EmbeddingCacheService.getOrCompute`, so they get what it gives:
 * binary float32 values, one Redis round trip per call for the lookup and one for the write-back,
 * texts repeated in a call computed once, one computation per key across the fleet (fleet lock),
 * and fail-open (a Redis fault only turns hits into misses). Only the missing texts reach
 * `underlying`, in one `embedDocuments` call. Vectors come back as `number[]` at float32
 * precision, the same on a hit as on a miss.
 *
 * Queries are cached too (LangChain's `CacheBackedEmbeddings` caches documents only), under
 * `queryModel`, which defaults to `model`; see `RedisCacheBackedEmbeddingsOptions.queryModel`.
 */
export class RedisCacheBackedEmbeddings extends Embeddings {
  private readonly underlying: EmbeddingsInterface;
  private readonly cache: EmbeddingCacheLike;
  private readonly model: string;
  private readonly queryModel: string | false;

  constructor(options: RedisCacheBackedEmbeddingsOptions) {
    super({});
    const { underlying, cache, model, queryModel = model } = options;
    if (typeof underlying?.embedDocuments !== 'function' || typeof underlying.embedQuery !== 'function') {
      throw new InvalidCacheBackedEmbeddingsOptionsError('underlying must be LangChain Embeddings (embedDocuments and embedQuery)');
    }
    if (typeof cache?.getOrCompute !== 'function') {
      throw new InvalidCacheBackedEmbeddingsOptionsError('cache must have getOrCompute (an EmbeddingCacheService)');
    }
    if (typeof model !== 'string' || model === '') {
      throw new InvalidCacheBackedEmbeddingsOptionsError(`model must be a non-empty string (got ${JSON.stringify(model)})`);
    }
    if (queryModel !== false && (typeof queryModel !== 'string' || queryModel === '')) {
      throw new InvalidCacheBackedEmbeddingsOptionsError(`queryModel must be a non-empty string or false (got ${JSON.stringify(queryModel)})`);
    }
    this.underlying = underlying;
    this.cache = cache;
    this.model = model;
    this.queryModel = queryModel;
  }

  /** One vector per document, in order; only the texts missing from the cache reach `underlying`. */
  async embedDocuments(documents: string[]): Promise<number[][]> {
    if (documents.length === 0) return [];
    const vectors = await this.cache.getOrCompute(this.model, documents, (missing) => this.underlying.embedDocuments(missing));
    return vectors.map(toNumbers);
  }

  /** The query's vector, from the cache under `queryModel`, or from `underlying.embedQuery`. */
  async embedQuery(document: string): Promise<number[]> {
    if (this.queryModel === false) return this.underlying.embedQuery(document);
    const [vector] = await this.cache.getOrCompute(this.queryModel, [document], (missing) =>
      Promise.all(missing.map((text) => this.underlying.embedQuery(text))),
    );
    return toNumbers(vector);
  }
}

function toNumbers(vector: Float32Array): number[] {
  // A fresh array each time: the cache shares one Float32Array between concurrent callers.
  return Array.from(vector);
}
