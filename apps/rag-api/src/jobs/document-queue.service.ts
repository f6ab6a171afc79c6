import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import type { JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { withDeadline } from '@rag/config-kit';
import { EMBEDDING_JOBS_QUEUE, INGEST_DOCUMENT_JOB_OPTIONS, countQueueJobsOnScrape, storeQueuePrefix } from '@rag/embedding-jobs';
import type { EmbeddingQueueJobData, EmbeddingQueueJobResult } from '@rag/embedding-jobs';
import { VECTOR_STORE_DRIVER, VECTOR_STORE_ID } from '@rag/vector-store';
import type { SqlDriver } from '@rag/vector-store';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { QUEUE_REDIS } from '../embedding-jobs/queue-redis.module';

/** Start of the id of a job on a private store's queue (`doc-<ingest token>`), which tells `queueOf` where to read it. */
const PRIVATE_JOB_ID_PREFIX = 'doc-';
/** Longest wait for the private queue to close at shutdown. */
const CLOSE_TIMEOUT_MS = 1_000;

/** A queue of `embedding-jobs`, as rag-api adds and reads jobs. */
export type EmbeddingQueue = Queue<EmbeddingQueueJobData, EmbeddingQueueJobResult>;

/**
 * Where rag-api queues its `ingest-document` jobs. With a private vector store (an embedded
 * PGlite, processed by this process: `JOBS_IN_PROCESS`), on a queue of that store alone
 * (`embedding-jobs` under the prefix `bull:store-<store id>`), so that another instance with its
 * own PGlite on the same Redis never takes them: it would not find the documents in its store. A
 * shared store (PostgreSQL, `DATABASE_URL`) keeps them on the shared queue, for the workers.
 * `embed-texts` jobs stay on the shared queue either way (any worker can run them).
 */
@Injectable()
export class DocumentQueue implements OnModuleDestroy {
  private readonly logger = new Logger('DocumentQueue');
  /** The private store's queue; `undefined` when documents go to the shared queue. */
  readonly private?: EmbeddingQueue;
  /** BullMQ prefix of the private queue (also its in-process Worker's); `undefined` when documents use the shared one. */
  readonly prefix?: string;
  /** Stops counting the private queue's jobs on scrape (`embedding_jobs_queue_jobs`). */
  private readonly stopCounting?: () => void;

  constructor(
    @InjectQueue(EMBEDDING_JOBS_QUEUE) private readonly shared: EmbeddingQueue,
    @Inject(VECTOR_STORE_ID) readonly storeId: string,
    @Inject(VECTOR_STORE_DRIVER) driver: SqlDriver,
    @Inject(QUEUE_REDIS) connection: Redis,
    @Inject(ragApiConfig.KEY) config: RagApiConfig,
  ) {
    if (driver.kind === 'pglite' && config.jobsInProcess) {
      this.prefix = storeQueuePrefix(storeId);
      this.private = new Queue(EMBEDDING_JOBS_QUEUE, { connection, prefix: this.prefix });
      // The shared queue on the same client already reports outages (EmbeddingJobsService).
      this.private.on('error', () => undefined);
      const own = this.private;
      this.stopCounting = countQueueJobsOnScrape(() => [own]);
    }
  }

  /** The queue new `ingest-document` jobs go to. */
  get queue(): EmbeddingQueue {
    return this.private ?? this.shared;
  }

  /**
   * Options of a new `ingest-document` job. Its id is its random ingest token, so job ids cannot be
   * enumerated; on the private queue prefixed (`doc-<token>`) so that `queueOf` finds it.
   */
  jobOptions(token: string): JobsOptions {
    return { ...INGEST_DOCUMENT_JOB_OPTIONS, jobId: this.jobIdOf(token) };
  }

  /** The id of the `ingest-document` job of a document's ingest token, on `queue`. */
  jobIdOf(token: string): string {
    return this.private ? `${PRIVATE_JOB_ID_PREFIX}${token}` : token;
  }

  /** The queue holding the job of id `jobId` (as `POST /v1/documents` or `/v1/embedding-jobs` returned it). */
  queueOf(jobId: string): EmbeddingQueue {
    return this.private && jobId.startsWith(PRIVATE_JOB_ID_PREFIX) ? this.private : this.shared;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopCounting?.();
    // The connection is shared (QueueRedisModule closes it): this only drops the queue's listeners.
    await withDeadline(this.private?.close() ?? Promise.resolve(), CLOSE_TIMEOUT_MS).catch((error: unknown) =>
      this.logger.debug(`Private queue not closed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}
