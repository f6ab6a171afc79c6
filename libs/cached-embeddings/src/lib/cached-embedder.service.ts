import { Inject, Injectable, Optional } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { EmbeddingCacheService } from '@rag/embedding-cache';
import type { GetOrComputeResult, L1Receipt } from '@rag/embedding-cache';
import { EMBEDDING_PROVIDER, checkProviderOutput } from '@rag/embeddings';
import type { EmbeddingProvider } from '@rag/embeddings';
import { withSpan } from '@rag/tracing';
import { EMBEDDING_CACHE_MODEL } from './cached-embeddings.constants';
import { EmbeddingProviderMetrics } from './embedding-provider.metrics';
import type { EmbedInBatchesOptions } from './interfaces/embed-in-batches-options.interface';
import type { EmbeddedBatch } from './interfaces/embedded-batch.interface';
import type { SkippedBatch } from './interfaces/skipped-batch.interface';
import { DEFAULT_PROVIDER_LIMITS, PROVIDER_LIMITER } from './limits/provider-limits.constants';
import { ProviderLimiter } from './limits/provider-limiter';
import type { OnProviderBusy } from './limits/provider-limiter';

/**
 * The one way texts are embedded, wherever it happens (rag-api's endpoints, its in-process
 * ingestion, the worker's jobs): through the shared cache under the fleet's cache model id, so
 * that only the misses reach the chosen provider, and every provider call is counted in the
 * `embedding_provider_*` metrics. Every provider call goes through the process-wide
 * `ProviderLimiter` (`EMBEDDING_PROVIDER_MAX_*`): requests are refused with `ProviderBusyError`
 * beyond its bounds, jobs wait.
 */
@Injectable()
export class CachedEmbedder {
  constructor(
    @Inject(EMBEDDING_PROVIDER) private readonly provider: EmbeddingProvider,
    /** Model id of cache keys (`cacheModelId`), the same in every process of the fleet. */
    @Inject(EMBEDDING_CACHE_MODEL) readonly cacheModel: string,
    private readonly cache: EmbeddingCacheService,
    private readonly metrics: EmbeddingProviderMetrics,
    /** The process-wide bound on provider calls; a private default one when not provided (unit tests). */
    @Optional() @Inject(PROVIDER_LIMITER) private readonly limiter: ProviderLimiter = new ProviderLimiter(DEFAULT_PROVIDER_LIMITS),
  ) {}

  /** The provider's model, as clients name it. */
  get model(): string {
    return this.provider.model;
  }

  /** The provider's vector length (`0` until known, for a model of unknown size). */
  get dimensions(): number {
    return this.provider.dimensions;
  }

  /**
   * One vector per text, in input order, and how many came from the cache. The provider gets the
   * missing texts only, de-duplicated, in one call (`getOrComputeDetailed`). A provider error is
   * passed to the caller and nothing of the call is cached.
   *
   * Every vector returned has the provider's dimensions: they are stated on the lookup, so a
   * cached value of other dims is recomputed and overwritten (while an unknown model's size is
   * not known yet, nothing is stated). Whatever the provider returns is checked before it is
   * cached (`checkProviderOutput`: one vector per text, of its dimensions, finite, not all
   * zeros), on the cached and the cache-disabled path alike; an invalid answer rejects with
   * `InvalidProviderOutputError` and counts as a failed provider call.
   *
   * The provider call waits for a slot of the `ProviderLimiter`: with `onBusy: 'reject'` (requests)
   * it is refused with `ProviderBusyError` when the limiter is at its bounds; with `'wait'` (the
   * default: jobs, ingestion) it waits as long as it takes. Cache hits never wait.
   */
  embed(texts: readonly string[], options: { onBusy?: OnProviderBusy } = {}): Promise<GetOrComputeResult> {
    const dimensions = this.knownDimensions();
    return this.cache.getOrComputeDetailed(
      this.cacheModel,
      texts,
      (missing) =>
        this.limiter.run(
          { texts: missing.length, chars: missing.reduce((sum, text) => sum + text.length, 0) },
          () =>
            this.metrics.track(this.provider.model, missing.length, () =>
              withSpan(`embeddings ${this.provider.model}`, { kind: SpanKind.CLIENT, attributes: this.spanAttributes(missing.length) }, async () =>
                checkProviderOutput(await this.provider.embed(missing), {
                  model: this.provider.model,
                  count: missing.length,
                  // Read after the call: a provider of an unknown model learns its size from its first answer.
                  dimensions: this.provider.dimensions,
                }),
              ),
            ),
          options.onBusy ?? 'wait',
        ),
      { dimensions },
    );
  }

  /**
   * `use` of every text's vector when all are in the cache's in-process tier, synchronously, else
   * `undefined` (then `embed` serves them): see `EmbeddingCacheService.fromMemory`. The vectors
   * are looked up with the provider's dimensions, as `embed` looks them up.
   */
  fromMemory<T>(texts: readonly string[], use: (vectors: readonly Float32Array[], receipt: L1Receipt) => T | undefined): T | undefined {
    return this.cache.fromMemory(this.cacheModel, texts, use, { dimensions: this.knownDimensions() });
  }

  /** Whether a `fromMemory` answer's vectors are still the ones it would find: see `EmbeddingCacheService.stillInMemory`. */
  stillInMemory(receipt: L1Receipt): boolean {
    return this.cache.stillInMemory(receipt, { dimensions: this.knownDimensions() });
  }

  /** The provider's dimensions, once known. */
  private knownDimensions(): number | undefined {
    return this.provider.dimensions > 0 ? this.provider.dimensions : undefined;
  }

  /**
   * `embed` for consecutive slices of `batchSize` texts, yielded one at a time, so that a caller
   * can report progress and need not hold every vector of a large input. A failed batch is
   * thrown, unless `skipFailedBatch` accepts its error: it is then yielded as a `SkippedBatch`
   * and the next batch follows.
   */
  embedInBatches(texts: readonly string[], options: { batchSize: number; skipFailedBatch?: undefined }): AsyncGenerator<EmbeddedBatch>;
  embedInBatches(texts: readonly string[], options: EmbedInBatchesOptions): AsyncGenerator<EmbeddedBatch | SkippedBatch>;
  async *embedInBatches(texts: readonly string[], options: EmbedInBatchesOptions): AsyncGenerator<EmbeddedBatch | SkippedBatch> {
    const { batchSize, skipFailedBatch } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be an integer ≥ 1 (got ${batchSize})`);
    for (let start = 0; start < texts.length; start += batchSize) {
      const batch = texts.slice(start, start + batchSize);
      const position = { start, texts: batch, percent: Math.round(((start + batch.length) / texts.length) * 100) };
      let result: GetOrComputeResult;
      try {
        result = await this.embed(batch);
      } catch (error) {
        if (!skipFailedBatch?.(error)) throw error;
        yield { ...position, error };
        continue;
      }
      yield { ...position, result };
    }
  }

  /** The provider call's span attributes, in the style of OTel's GenAI conventions. */
  private spanAttributes(batchSize: number): Attributes {
    return {
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.request.model': this.provider.model,
      'rag.embedding.batch_size': batchSize,
      'rag.embedding.cache_model': this.cacheModel,
    };
  }
}
