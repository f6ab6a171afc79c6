import { Inject, Injectable } from '@nestjs/common';
import { EmbeddingCacheService } from '@rag/embedding-cache';
import { EMBEDDING_CACHE_MODEL, EMBEDDING_PROVIDER } from '@rag/embeddings';
import type { EmbeddingProvider } from '@rag/embeddings';
import { MAX_JOB_TEXTS } from './embedding-jobs.constants';
import type { EmbeddingJobData } from './interfaces/embedding-job-data.interface';
import type { EmbeddingJobSummary } from './interfaces/embedding-job-summary.interface';
import { InvalidJobError } from './invalid-job.error';
import { isPermanentProviderError } from './utils/is-permanent-error.util';

/** How `EmbeddingJobRunner.run` reports and sizes its work. */
export interface RunOptions {
  /** Texts per `getOrCompute` call. */
  batchSize: number;
  /** Called after each batch with the share done, 0-100. */
  onProgress?: (percent: number) => Promise<void> | void;
}

/**
 * Embeds a job's texts in batches through the shared cache (`getOrCompute`, so with the fleet
 * lock: a text any process is computing is waited for, not computed twice). A batch the
 * provider rejects for good counts as `failed`; a transient failure (429, 5xx, network) is
 * thrown so the queue retries the job, whose cached batches then cost nothing.
 */
@Injectable()
export class EmbeddingJobRunner {
  constructor(
    @Inject(EMBEDDING_PROVIDER) private readonly provider: EmbeddingProvider,
    /** Model id of cache keys (`cacheModelId`), the same in every process of the fleet. */
    @Inject(EMBEDDING_CACHE_MODEL) readonly cacheModel: string,
    private readonly cache: EmbeddingCacheService,
  ) {}

  async run(data: EmbeddingJobData, options: RunOptions): Promise<EmbeddingJobSummary> {
    const texts = this.check(data);
    const summary: EmbeddingJobSummary = { total: texts.length, hits: 0, computed: 0, failed: 0 };
    for (let start = 0; start < texts.length; start += options.batchSize) {
      const batch = texts.slice(start, start + options.batchSize);
      try {
        const result = await this.cache.getOrComputeDetailed(this.cacheModel, batch, (missing) => this.provider.embed(missing));
        summary.hits += result.hits;
        summary.computed += result.computed;
      } catch (error) {
        if (!isPermanentProviderError(error)) throw error;
        summary.failed += batch.length;
      }
      await options.onProgress?.(Math.round(((start + batch.length) / texts.length) * 100));
    }
    return summary;
  }

  private check(data: EmbeddingJobData): string[] {
    const texts: unknown = data?.texts;
    if (!Array.isArray(texts) || texts.length === 0 || texts.length > MAX_JOB_TEXTS) {
      throw new InvalidJobError(`texts must be an array of 1 to ${MAX_JOB_TEXTS} strings`);
    }
    const bad = texts.findIndex((text) => typeof text !== 'string' || text.length === 0);
    if (bad !== -1) throw new InvalidJobError(`texts[${bad}] must be a non-empty string`);
    if (data.model !== undefined && data.model !== this.provider.model) {
      throw new InvalidJobError(`model "${data.model}" is not available; this worker embeds with "${this.provider.model}"`);
    }
    return texts as string[];
  }
}
