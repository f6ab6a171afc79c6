import type { ComputeEmbeddings, EmbeddingCacheService, GetOrComputeResult, VectorLookupOptions } from '@rag/embedding-cache';

/**
 * A test double of `EmbeddingCacheService.getOrComputeDetailed`, in memory, keeping its contract:
 * `compute` is called at most once per call, with only the missing texts, de-duplicated, in
 * first-seen order; it must return one vector per text (else the call rejects and nothing is
 * stored); a `compute` error is passed on; with `options.dimensions`, a stored vector of another
 * length is a miss that the computed one replaces. Provide it as
 * `{ provide: EmbeddingCacheService, useValue: cache }`.
 */
export class InMemoryEmbeddingCache implements Pick<EmbeddingCacheService, 'getOrComputeDetailed'> {
  /** The model, texts and stated dimensions of every `getOrComputeDetailed` call. */
  readonly calls: Array<{ model: string; texts: string[]; dimensions?: number }> = [];
  readonly #vectors = new Map<string, Float32Array>();

  /** Stores `vector` for `text` of `model`, as if an earlier call had computed it. */
  seed(model: string, text: string, vector: ArrayLike<number>): this {
    this.#vectors.set(keyOf(model, text), Float32Array.from(vector));
    return this;
  }

  /** Whether a vector for `text` of `model` is stored. */
  has(model: string, text: string): boolean {
    return this.#vectors.has(keyOf(model, text));
  }

  /** See the class comment. */
  async getOrComputeDetailed(
    model: string,
    texts: readonly string[],
    compute: ComputeEmbeddings,
    options?: VectorLookupOptions,
  ): Promise<GetOrComputeResult> {
    const dimensions = options?.dimensions;
    this.calls.push({ model, texts: [...texts], ...(options ? { dimensions } : {}) });
    const usable = (text: string): boolean => {
      const stored = this.#vectors.get(keyOf(model, text));
      return stored !== undefined && (dimensions === undefined || stored.length === dimensions);
    };
    const missing = [...new Set(texts)].filter((text) => !usable(text));
    if (missing.length > 0) {
      const computed = await compute(missing);
      if (computed.length !== missing.length) {
        throw new Error(`compute returned ${computed.length} vectors for ${missing.length} texts`);
      }
      missing.forEach((text, i) => this.seed(model, text, computed[i]));
    }
    const hits = texts.filter((text) => !missing.includes(text)).length;
    return {
      vectors: texts.map((text) => this.#vectors.get(keyOf(model, text)) as Float32Array),
      hits,
      misses: texts.length - hits,
      computed: missing.length,
    };
  }
}

function keyOf(model: string, text: string): string {
  return `${model}\u0000${text}`;
}
