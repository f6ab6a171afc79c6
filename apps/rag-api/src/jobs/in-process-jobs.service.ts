import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { withDeadline } from '@rag/config-kit';
import { DEFAULT_EMBEDDING_BATCH_SIZE, EMBEDDING_JOBS_QUEUE, EmbeddingJobsHandler, MAX_STALLED_COUNT, bullConnectionFromUrl } from '@rag/embedding-jobs';
import type { EmbeddingQueueJobData, EmbeddingQueueJobResult } from '@rag/embedding-jobs';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { QUEUE_REDIS } from '../embedding-jobs/queue-redis.module';

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
 */
@Injectable()
export class InProcessJobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('InProcessJobs');
  private worker?: Worker<EmbeddingQueueJobData, EmbeddingQueueJobResult>;
  private retry?: NodeJS.Timeout;
  private down = false;
  private stopping = false;

  constructor(
    private readonly handler: EmbeddingJobsHandler,
    @Inject(QUEUE_REDIS) private readonly queueRedis: Redis,
    @Inject(ragApiConfig.KEY) private readonly config: RagApiConfig,
  ) {}

  /** Whether the worker is running (the queue's Redis answered since boot). */
  get running(): boolean {
    return this.worker !== undefined;
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
    const { worker } = this;
    if (!worker) return;
    const started = Date.now();
    try {
      await withDeadline(worker.close(), SHUTDOWN_GRACE_MS);
    } catch {
      // Not awaited: a forced close can wait on the same stuck connection; the jobs in flight are
      // retried by whoever takes them once their lock expires.
      this.logger.warn(`Jobs still running after ${SHUTDOWN_GRACE_MS} ms; closing the worker by force (they will be retried)`);
      void worker.close(true).catch(() => undefined);
    }
    this.logger.debug(`Worker closed in ${Date.now() - started} ms`);
  }

  private async tryStart(): Promise<boolean> {
    if (this.worker || this.stopping) return true;
    try {
      // The client has no offline queue: at boot, wait for its connection before pinging.
      if (this.queueRedis.status !== 'ready') await withDeadline(once(this.queueRedis, 'ready'), 1_000);
      await withDeadline(this.queueRedis.ping(), 1_000);
    } catch {
      return false;
    }
    // Shutdown may have begun, or another attempt started the worker, while this one waited.
    if (this.worker || this.stopping) return true;
    clearInterval(this.retry);
    const worker = new Worker<EmbeddingQueueJobData, EmbeddingQueueJobResult>(
      EMBEDDING_JOBS_QUEUE,
      (job: Job<EmbeddingQueueJobData>, token?: string) => this.handler.handle(job, token, DEFAULT_EMBEDDING_BATCH_SIZE),
      { connection: bullConnectionFromUrl(this.config.redisUrl), concurrency: CONCURRENCY, maxStalledCount: MAX_STALLED_COUNT },
    );
    worker.on('error', (error: Error) => {
      if (!this.down) this.logger.warn(`Queue "${EMBEDDING_JOBS_QUEUE}" unreachable, jobs wait: ${error.message}`);
      this.down = true;
    });
    worker.on('ready', () => (this.down = false));
    worker.on('failed', (job: Job<EmbeddingQueueJobData> | undefined, error: Error) => {
      this.logger.warn(`Job ${job?.id ?? '?'} (${job?.name ?? '?'}) attempt ${job?.attemptsMade ?? '?'} failed: ${error.message}`);
      void this.handler.onFailed(job, error);
    });
    this.worker = worker;
    this.logger.log(`Processing "${EMBEDDING_JOBS_QUEUE}" jobs in this process (concurrency ${CONCURRENCY})`);
    return true;
  }
}
