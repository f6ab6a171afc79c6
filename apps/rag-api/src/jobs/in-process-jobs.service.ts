import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { withDeadline } from '@rag/config-kit';
import {
  DEFAULT_EMBEDDING_BATCH_SIZE,
  EMBEDDING_JOBS_QUEUE,
  EmbeddingJobsHandler,
  MAX_STALLED_COUNT,
  bullConnectionFromUrl,
  initJobsTotal,
  jobEventListeners,
  jobsTotalCounter,
} from '@rag/embedding-jobs';
import type { EmbeddingQueueJobData, EmbeddingQueueJobResult, JobEventListeners } from '@rag/embedding-jobs';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { QUEUE_REDIS } from '../embedding-jobs/queue-redis.module';
import { DocumentQueue } from './document-queue.service';

/** Jobs run at once (PGlite executes one statement at a time anyway). */
const CONCURRENCY = 2;
/** How often a queue Redis that was unreachable at boot is looked for again. */
const START_RETRY_MS = 5_000;
/** Longest wait, at shutdown, for the jobs in flight; then the worker is closed by force. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * rag-api's own processor of `embedding-jobs`, run when `JOBS_IN_PROCESS` resolves to true (by
 * default: no `DATABASE_URL`, so the vector store is an embedded PGlite that only this process can
 * write). It runs the same `EmbeddingJobsHandler` as apps/worker, so a bare machine needs no worker.
 *
 * Written with BullMQ's `Worker` rather than @nestjs/bullmq's `@Processor`: that one builds its
 * Worker at boot whatever the state of Redis, and a Worker that never connected neither stops
 * logging connection errors nor finishes `close()`, which would hang the shutdown of a rag-api
 * started without Redis. Here the Worker starts once the queue's Redis answers (checked again every
 * 5 s), and shutdown waits at most 10 s for the jobs in flight.
 *
 * With an embedded PGlite it runs two Workers: one on the shared queue (`embed-texts` jobs, which
 * any worker can also take), one on this store's own queue (`DocumentQueue.prefix`), where this
 * process alone queues its `ingest-document` jobs.
 */
@Injectable()
export class InProcessJobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('InProcessJobs');
  private workers: Array<Worker<EmbeddingQueueJobData, EmbeddingQueueJobResult>> = [];
  private retry?: NodeJS.Timeout;
  private down = false;
  private stopping = false;
  /** `embedding_jobs_total`, as the worker counts it: a single-process deployment has no worker to scrape. */
  private readonly jobsTotal = jobsTotalCounter();
  /** The worker's reaction to finished attempts (counted, logged in the job's trace, handed to the handler); completed ones at debug level. */
  private readonly events: JobEventListeners;

  constructor(
    private readonly handler: EmbeddingJobsHandler,
    @Inject(QUEUE_REDIS) private readonly queueRedis: Redis,
    @Inject(ragApiConfig.KEY) private readonly config: RagApiConfig,
    private readonly documents: DocumentQueue,
  ) {
    this.events = jobEventListeners(handler, this.jobsTotal, this.logger, { completedLevel: 'debug' });
  }

  /** Whether the workers are running (the queue's Redis answered since boot). */
  get running(): boolean {
    return this.workers.length > 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (await this.tryStart()) return;
    this.logger.warn(`Queue "${EMBEDDING_JOBS_QUEUE}" unreachable; documents are ingested inline until it answers`);
    this.retry = setInterval(() => void this.tryStart(), START_RETRY_MS);
    this.retry.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.retry);
    const { workers } = this;
    if (workers.length === 0) return;
    const started = Date.now();
    try {
      await withDeadline(Promise.all(workers.map((worker) => worker.close())), SHUTDOWN_GRACE_MS);
    } catch {
      // Not awaited: a forced close can wait on the same stuck connection; the jobs in flight are
      // retried by whoever takes them once their lock expires.
      this.logger.warn(`Jobs still running after ${SHUTDOWN_GRACE_MS} ms; closing the workers by force (they will be retried)`);
      for (const worker of workers) void worker.close(true).catch(() => undefined);
    }
    this.logger.debug(`Workers closed in ${Date.now() - started} ms`);
  }

  private async tryStart(): Promise<boolean> {
    if (this.running || this.stopping) return true;
    try {
      // The client has no offline queue: at boot, wait for its connection before pinging.
      if (this.queueRedis.status !== 'ready') await withDeadline(once(this.queueRedis, 'ready'), 1_000);
      await withDeadline(this.queueRedis.ping(), 1_000);
    } catch {
      return false;
    }
    // Shutdown may have begun, or another attempt started the workers, while this one waited.
    if (this.running || this.stopping) return true;
    clearInterval(this.retry);
    initJobsTotal(this.jobsTotal);
    this.workers = [this.startWorker(undefined), ...(this.documents.prefix === undefined ? [] : [this.startWorker(this.documents.prefix)])];
    const own = this.documents.prefix === undefined ? '' : `, and this store's documents on its own queue (prefix "${this.documents.prefix}")`;
    this.logger.log(`Processing "${EMBEDDING_JOBS_QUEUE}" jobs in this process (concurrency ${CONCURRENCY})${own}`);
    return true;
  }

  /** A Worker of `embedding-jobs` under `prefix` (BullMQ's default, the shared queue, when `undefined`). */
  private startWorker(prefix: string | undefined): Worker<EmbeddingQueueJobData, EmbeddingQueueJobResult> {
    const worker = new Worker<EmbeddingQueueJobData, EmbeddingQueueJobResult>(
      EMBEDDING_JOBS_QUEUE,
      (job: Job<EmbeddingQueueJobData>, token?: string) => this.handler.handle(job, token, DEFAULT_EMBEDDING_BATCH_SIZE),
      {
        connection: bullConnectionFromUrl(this.config.redisUrl),
        concurrency: CONCURRENCY,
        maxStalledCount: MAX_STALLED_COUNT,
        lockDuration: this.config.lockDurationMs,
        stalledInterval: this.config.stalledIntervalMs,
        ...(prefix ? { prefix } : {}),
      },
    );
    worker.on('error', (error: Error) => {
      if (!this.down) this.logger.warn(`Queue "${EMBEDDING_JOBS_QUEUE}" unreachable, jobs wait: ${error.message}`);
      this.down = true;
    });
    worker.on('ready', () => (this.down = false));
    worker.on('completed', (job) => this.events.completed(job));
    worker.on('failed', (job, error) => this.events.failed(job, error));
    return worker;
  }
}
