import { Inject, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { EMBEDDING_JOBS_QUEUE, EmbeddingJobsHandler, initJobsTotal, jobEventListeners } from '@rag/embedding-jobs';
import type { EmbeddingQueueJobData, EmbeddingQueueJobResult, JobEventListeners, JobsTotalLabels } from '@rag/embedding-jobs';
import { workerConfig } from '../config/worker.config';
import type { WorkerConfig } from '../config/env.validation';
import { JOBS_TOTAL, JOB_TEXTS_TOTAL } from './embedding-jobs.metrics';
import { workerOptions } from './worker-options';

/**
 * Consumes `embedding-jobs` through `EmbeddingJobsHandler`: `embed-texts` jobs (texts embedded in
 * batches through the shared cache, returning `{ total, hits, computed, failed }`) and, with
 * `DATABASE_URL`, `ingest-document` jobs. Retries (3 attempts, exponential backoff) come from the
 * job options; invalid jobs fail at once without retry.
 */
@Processor(EMBEDDING_JOBS_QUEUE, workerOptions)
export class EmbeddingJobsProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EmbeddingJobs');
  /** Counts, logs (in the job's trace) and hands finished attempts to the handler, as rag-api's in-process Workers do. */
  private readonly events: JobEventListeners;

  constructor(
    private readonly handler: EmbeddingJobsHandler,
    @Inject(workerConfig.KEY) private readonly config: WorkerConfig,
    @InjectMetric(JOBS_TOTAL) jobs: Counter<JobsTotalLabels>,
    @InjectMetric(JOB_TEXTS_TOTAL) private readonly texts: Counter<'outcome'>,
  ) {
    super();
    initJobsTotal(jobs);
    this.events = jobEventListeners(handler, jobs, this.logger);
  }

  /**
   * Stops taking jobs and waits for the ones in flight, before the cache's Redis client is
   * closed in `onApplicationShutdown`.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.logger.log('Shutting down: no new jobs; finishing the ones in flight');
    await this.worker.close();
  }

  async process(job: Job<EmbeddingQueueJobData>, token?: string): Promise<EmbeddingQueueJobResult> {
    const summary = await this.handler.handle(job, token, this.config.batchSize);
    this.texts.inc({ outcome: 'hit' }, summary.hits);
    this.texts.inc({ outcome: 'computed' }, summary.computed);
    if ('failed' in summary) this.texts.inc({ outcome: 'failed' }, summary.failed);
    return summary;
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job<EmbeddingQueueJobData, EmbeddingQueueJobResult>): void {
    this.events.completed(job);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<EmbeddingQueueJobData> | undefined, error: Error): void {
    this.events.failed(job, error);
  }
}
