import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DelayedError, UnrecoverableError } from 'bullmq';
import type { Job } from 'bullmq';
import { VECTOR_STORE_ID } from '@rag/vector-store';
import { DocumentIngestionRunner } from './document-ingestion.runner';
import { EmbeddingJobRunner } from './embedding-job.runner';
import { EMBED_TEXTS_JOB, HAND_BACK_DELAY_MS, INGEST_DOCUMENT_JOB, MAX_HAND_BACKS } from './embedding-jobs.constants';
import type { EmbeddingJobData } from './interfaces/embedding-job-data.interface';
import type { EmbeddingJobSummary } from './interfaces/embedding-job-summary.interface';
import type { IngestDocumentJobData } from './interfaces/ingest-document-job-data.interface';
import type { IngestDocumentSummary } from './interfaces/ingest-document-summary.interface';
import { InvalidJobError } from './invalid-job.error';
import { describeAbandonedJob } from './utils/describe-abandoned-job.util';
import { describeJobFailure } from './utils/describe-job-failure.util';
import { compactJobData } from './utils/compact-job-data.util';
import { isPermanentJobError } from './utils/is-permanent-error.util';
import { traceJobProcessing } from './utils/trace-job.util';

/** Payload of any job on the `embedding-jobs` queue. */
export type EmbeddingQueueJobData = EmbeddingJobData | IngestDocumentJobData;

/** Return value of any job on the `embedding-jobs` queue. */
export type EmbeddingQueueJobResult = EmbeddingJobSummary | IngestDocumentSummary;

/**
 * Runs any job of the `embedding-jobs` queue, by name; the one place both apps' BullMQ processors
 * (the worker's, and rag-api's in-process one) go through. An error no retry can fix becomes an
 * `UnrecoverableError`, so BullMQ fails the job at once. A process without a vector store (a worker
 * without `DATABASE_URL`) hands `ingest-document` jobs back to the queue for one that has it; so
 * does a process whose store is not the job's (`storeId`: processes of different stores sharing
 * one queue), with a warning naming the cause, rather than finding no document and dropping it.
 */
@Injectable()
export class EmbeddingJobsHandler {
  private readonly logger = new Logger('EmbeddingJobs');
  private handBackLogged = false;
  /** Stores of other processes whose jobs reached this one, each warned about once. */
  private readonly foreignStoresLogged = new Set<string>();

  constructor(
    private readonly texts: EmbeddingJobRunner,
    @Optional() private readonly documents?: DocumentIngestionRunner,
    @Optional() @Inject(VECTOR_STORE_ID) private readonly storeId?: string,
  ) {}

  /** Whether this process can ingest documents (it has a vector store). */
  get ingestsDocuments(): boolean {
    return this.documents !== undefined;
  }

  /** Runs the job in a span continuing the trace that queued it (see `traceJobProcessing`). */
  handle(job: Job<EmbeddingQueueJobData>, token: string | undefined, batchSize: number): Promise<EmbeddingQueueJobResult> {
    return traceJobProcessing(job, () => this.run(job, token, batchSize));
  }

  private async run(job: Job<EmbeddingQueueJobData>, token: string | undefined, batchSize: number): Promise<EmbeddingQueueJobResult> {
    const onProgress = (percent: number): Promise<void> => job.updateProgress(percent);
    try {
      switch (job.name) {
        case EMBED_TEXTS_JOB:
          return await this.texts.run(job.data as EmbeddingJobData, { batchSize, onProgress });
        case INGEST_DOCUMENT_JOB: {
          if (this.documents === undefined) return await this.handBack(job, token);
          if (this.isForeign(job)) return await this.handBack(job, token, (job.data as IngestDocumentJobData).storeId);
          const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
          // The chunk count is known once the text is cut: it travels with the progress (`{ percent, total }`),
          // so a status read never cuts the text again nor loads it.
          let total: number | undefined;
          const onTotal = (chunks: number): Promise<void> => job.updateProgress({ percent: 0, total: (total = chunks) });
          const onChunkProgress = (percent: number): Promise<void> => job.updateProgress(total === undefined ? percent : { percent, total });
          return await this.documents.run(job.data as IngestDocumentJobData, { batchSize, onProgress: onChunkProgress, onTotal, finalAttempt });
        }
        default:
          throw new InvalidJobError(`unknown job name "${job.name}"`);
      }
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      // BullMQ stores the message as the job's failedReason, which GET /v1/embedding-jobs/:id
      // shows: clients get the summary, this log the provider's body, SQL state or host.
      const reason = describeJobFailure(error);
      const message = error instanceof Error ? error.message : String(error);
      if (reason !== message) this.logger.warn(`Job ${job.id} (${job.name}) attempt ${job.attemptsMade + 1} failed: ${message}`);
      if (isPermanentJobError(error)) throw new UnrecoverableError(reason);
      if (reason === message) throw error;
      throw new Error(reason, { cause: error });
    }
  }

  /**
   * To be called on BullMQ's `completed` event of every process taking the queue: the job keeps its
   * summary (return value), counts and timestamps, not its payload (`compactJobData`), so completed
   * jobs cost Redis a few hundred bytes each for their retention (`removeOnComplete`) instead of
   * their texts. Never throws: a job already removed has nothing left to drop.
   */
  async onCompleted(job: Job<EmbeddingQueueJobData> | undefined): Promise<void> {
    if (!job) return;
    try {
      await job.updateData(compactJobData(job.data) as unknown as EmbeddingQueueJobData);
    } catch (error) {
      this.logger.debug(`Payload of job ${job.id} not dropped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * To be called on BullMQ's `failed` event of every process taking the queue. When an
   * `ingest-document` job failed for good without its ingestion reporting back (its process died
   * twice while ingesting it, or nobody took it), the document would otherwise stay `pending` or
   * `processing` for ever: it is marked `failed` with the reason. Never throws.
   */
  async onFailed(job: Job<EmbeddingQueueJobData> | undefined, error: Error): Promise<void> {
    // `finishedOn` is set only once the job is failed for good, not when a retry follows.
    if (job?.name !== INGEST_DOCUMENT_JOB || !job.finishedOn || this.documents === undefined || this.isForeign(job)) return;
    try {
      const marked = await this.documents.failAbandoned(job.data as IngestDocumentJobData, describeAbandonedJob(error.message));
      if (marked) this.logger.warn(`Document of job ${job.id} marked failed: ${error.message}`);
    } catch (markError) {
      this.logger.warn(`Could not mark the document of job ${job.id} failed: ${markError instanceof Error ? markError.message : String(markError)}`);
    }
  }

  /** Whether the job names a store (jobs queued before store ids existed do not) other than this process's. */
  private isForeign(job: Job<EmbeddingQueueJobData>): boolean {
    const jobStore = (job.data as Partial<IngestDocumentJobData> | undefined)?.storeId;
    return jobStore !== undefined && this.storeId !== undefined && jobStore !== this.storeId;
  }

  /**
   * Puts the job back (delayed, same attempt), for a process with a vector store (with `jobStore`,
   * that store) to take; after `MAX_HAND_BACKS` (nobody took it in ~5 minutes) fails it for good
   * with the reason.
   */
  private async handBack(job: Job, token: string | undefined, jobStore?: string): Promise<never> {
    if (jobStore === undefined && !this.handBackLogged) {
      this.logger.warn(`"${INGEST_DOCUMENT_JOB}" jobs need DATABASE_URL (a shared PostgreSQL); this process hands them back to the queue`);
      this.handBackLogged = true;
    }
    if (jobStore !== undefined && !this.foreignStoresLogged.has(jobStore)) {
      this.logger.warn(
        `"${INGEST_DOCUMENT_JOB}" job ${job.id} belongs to vector store ${jobStore}, not to this process's (${this.storeId}): ` +
          'processes with different vector stores (DATABASE_URL, or VECTOR_STORE_PATH) share this job queue (REDIS_URL); ' +
          'this process hands their document jobs back instead of ingesting them in the wrong store. ' +
          'Give each deployment its own queue Redis (or database number in REDIS_URL), or the same DATABASE_URL',
      );
      this.foreignStoresLogged.add(jobStore);
    }
    const handBacks = Number((job.data as { handBacks?: unknown }).handBacks ?? 0);
    if (handBacks >= MAX_HAND_BACKS) {
      throw new InvalidJobError(
        jobStore === undefined
          ? `no process with a vector store took this "${INGEST_DOCUMENT_JOB}" job in ${handBacks} hand-backs; ` +
              'run workers with DATABASE_URL, or rag-api with its in-process processor (JOBS_IN_PROCESS)'
          : `no process of vector store ${jobStore} took this "${INGEST_DOCUMENT_JOB}" job in ${handBacks} hand-backs; ` +
              'processes of other stores share its queue (REDIS_URL)',
      );
    }
    await job.updateData({ ...job.data, handBacks: handBacks + 1 });
    await job.moveToDelayed(Date.now() + HAND_BACK_DELAY_MS, token);
    throw new DelayedError();
  }
}
