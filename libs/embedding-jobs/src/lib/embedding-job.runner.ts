import { Inject, Injectable, Optional } from '@nestjs/common';
import { CachedEmbedder } from '@rag/cached-embeddings';
import { EMBEDDINGS_OPTIONS, describeUnavailableModel } from '@rag/embeddings';
import type { EmbeddingsModuleOptions } from '@rag/embeddings';
import { MAX_JOB_TEXTS } from './embedding-jobs.constants';
import type { EmbeddingJobData } from './interfaces/embedding-job-data.interface';
import type { EmbeddingJobSummary } from './interfaces/embedding-job-summary.interface';
import { InvalidJobError } from './invalid-job.error';
import { isPermanentProviderError } from './utils/is-permanent-error.util';

/** How `EmbeddingJobRunner.run` reports and sizes its work. */
export interface RunOptions {
  /** Texts per cache call (`CachedEmbedder.embedInBatches`). */
  batchSize: number;
  /** Called after each batch with the share done, 0-100. */
  onProgress?: (percent: number) => Promise<void> | void;
}

/**
 * Embeds a job's texts in batches through the `CachedEmbedder` (the shared cache with its fleet
 * lock: a text any process is computing is waited for, not computed twice). A batch the
 * provider rejects for good counts as `failed`; a transient failure (429, 5xx, network, an
 * invalid vector) is thrown so the queue retries the job, whose cached batches then cost
 * nothing, and fails it with the reason after its attempts. A job's `model`
 * may be the served model or one of its `EMBEDDING_MODEL_ALIASES`.
 */
@Injectable()
export class EmbeddingJobRunner {
  private readonly modelAliases: readonly string[];

  constructor(
    private readonly embedder: CachedEmbedder,
    @Optional() @Inject(EMBEDDINGS_OPTIONS) options?: EmbeddingsModuleOptions,
  ) {
    this.modelAliases = options?.modelAliases ?? [];
  }

  async run(data: EmbeddingJobData, options: RunOptions): Promise<EmbeddingJobSummary> {
    const texts = this.check(data);
    const summary: EmbeddingJobSummary = { total: texts.length, hits: 0, computed: 0, failed: 0 };
    const batches = this.embedder.embedInBatches(texts, { batchSize: options.batchSize, skipFailedBatch: isPermanentProviderError });
    for await (const batch of batches) {
      if ('error' in batch) {
        summary.failed += batch.texts.length;
      } else {
        summary.hits += batch.result.hits;
        summary.computed += batch.result.computed;
      }
      await options.onProgress?.(batch.percent);
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
    const unavailable = describeUnavailableModel(data.model, this.embedder.model, this.modelAliases, 'this worker');
    if (unavailable) throw new InvalidJobError(unavailable);
    return texts as string[];
  }
}
