import { Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { ReplyError } from 'ioredis';
import type { Queue } from 'bullmq';
import { EMBEDDING_JOBS_QUEUE, EMBEDDING_JOB_OPTIONS, EMBED_TEXTS_JOB, INGEST_DOCUMENT_JOB, JOB_OWNER_FIELD, JOB_TOTAL_FIELD, setJobFields, traceEnqueue } from '@rag/embedding-jobs';
import type { EmbeddingJobSummary, EmbeddingQueueJobData, EmbeddingQueueJobResult, IngestDocumentSummary } from '@rag/embedding-jobs';
import { ALL_COLLECTIONS } from '../auth/auth.constants';
import { coversCollection } from '../auth/covers-collection.util';
import type { ApiKey } from '../auth/interfaces/api-key.interface';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import { JobStatusReader } from '../jobs/job-status.reader';
import type { JobStatus } from '../jobs/job-status.reader';
import type { QueueConnection } from '../jobs/queue-connection';
import { QueueUnavailableError } from '../jobs/queue-unavailable.error';
import type { CreateEmbeddingJobDto } from './dto/create-embedding-job.dto';
import type { EmbeddingJobDto } from './dto/embedding-job.dto';
import { QUEUE_RETRY_AFTER_SECONDS, QUEUE_TIMEOUT_MS } from './embedding-jobs.constants';
import { QUEUE_CONNECTION } from './queue-redis.module';

/** Enqueues background embedding jobs and reports on them. */
@Injectable()
export class EmbeddingJobsService {
  private readonly logger = new Logger('EmbeddingJobs');
  private queueDown = false;

  constructor(
    @InjectQueue(EMBEDDING_JOBS_QUEUE) private readonly queue: Queue<EmbeddingQueueJobData, EmbeddingQueueJobResult>,
    private readonly embeddings: EmbeddingsService,
    @Inject(QUEUE_CONNECTION) private readonly connection: QueueConnection,
    private readonly statuses: JobStatusReader,
  ) {
    // Without an 'error' listener BullMQ prints every connection error (and a plain EventEmitter
    // would crash); attached here, before the first connection attempt fails. Once per outage.
    this.queue.on('error', (error: Error) => {
      if (!this.queueDown) this.logger.warn(`Queue "${EMBEDDING_JOBS_QUEUE}" unavailable: ${error.message}`);
      this.queueDown = true;
    });
  }

  /** `owner`: the key queueing it (recorded with the job, which that key may then read). */
  async create(dto: CreateEmbeddingJobDto, owner?: string): Promise<{ id: string }> {
    this.embeddings.assertModel(dto.model);
    // The served model, not the alias asked for: a worker with another alias list still takes the job.
    const model = dto.model === undefined ? undefined : this.embeddings.model;
    const data = { model, texts: dto.texts, ...(owner === undefined ? {} : { owner }) };
    const id = await this.guard(() =>
      traceEnqueue(EMBED_TEXTS_JOB, (traceContext) =>
        this.connection.call(QUEUE_TIMEOUT_MS, async (client) => {
          // A random id: job ids cannot be enumerated (#15).
          const job = await this.queue.add(EMBED_TEXTS_JOB, traceContext ? { ...data, traceContext } : data, { ...EMBEDDING_JOB_OPTIONS, jobId: randomUUID() });
          // The count and the owner, apart from the payload, for status reads (O(1) in the job's size).
          await setJobFields(client, this.queue.toKey(String(job.id)), { [JOB_TOTAL_FIELD]: dto.texts.length, [JOB_OWNER_FIELD]: owner });
          return String(job.id);
        }),
      ),
    );
    return { id };
  }

  /** The job, if `viewer` (when keys are in use) may read it: as unknown as a missing job otherwise. */
  async get(id: string, viewer?: ApiKey): Promise<EmbeddingJobDto> {
    // A document job of a private store (PGlite) is on that store's own queue (the reader knows).
    const job = await this.guard(() => this.statuses.read(id));
    // Another producer's job name has no shape in the API: as unknown to it as a missing job.
    const foreign = viewer !== undefined && job !== undefined && !mayRead(viewer, job);
    if (!job || foreign || (job.name !== EMBED_TEXTS_JOB && job.name !== INGEST_DOCUMENT_JOB)) {
      throw new NotFoundException({ message: `embedding job "${id}" not found`, param: 'id' });
    }
    return describe(job);
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.queueDown = false;
      return result;
    } catch (error) {
      if (!(error instanceof QueueUnavailableError) && !(error instanceof ReplyError)) throw error;
      if (!this.queueDown) this.logger.warn(`Queue "${EMBEDDING_JOBS_QUEUE}" call failed: ${(error as Error).message}`);
      this.queueDown = true;
      throw new ServiceUnavailableException({
        message: 'the embedding job queue is unavailable (its Redis cannot be reached); try again later',
        param: null,
        retryAfterSeconds: QUEUE_RETRY_AFTER_SECONDS,
      });
    }
  }
}

/**
 * A key reads the jobs it queued, and the document jobs of its collections (a tenant's documents
 * posted with another of its keys, e.g. during a rotation); a key of every collection ("*") also
 * reads jobs queued without keys. Read from the job's small fields, never its payload.
 */
function mayRead(viewer: ApiKey, job: JobStatus): boolean {
  if (job.owner !== undefined && job.owner === viewer.id) return true;
  if (job.name === INGEST_DOCUMENT_JOB && job.collection !== undefined) return coversCollection(viewer, job.collection);
  return job.owner === undefined && viewer.collections.includes(ALL_COLLECTIONS);
}

/** The API's view of a job, from its small fields only. */
function describe(job: JobStatus): EmbeddingJobDto {
  const { percent, total: progressTotal } = readProgress(job.progress);
  const rest = { id: job.id, state: job.state, progress: percent, failedReason: job.failedReason, attemptsMade: job.attemptsMade };
  if (job.name === INGEST_DOCUMENT_JOB) {
    const summary = (job.returnvalue as IngestDocumentSummary | null) ?? null;
    const stored = summary?.outcome === 'ingested' || summary?.outcome === 'unchanged' ? summary.chunks : undefined;
    // Chunks are counted once the job has cut the text: 0 until then.
    return { ...rest, name: INGEST_DOCUMENT_JOB, total: stored ?? progressTotal ?? job.total ?? 0, summary };
  }
  const summary = (job.returnvalue as EmbeddingJobSummary | null) ?? null;
  return { ...rest, name: EMBED_TEXTS_JOB, total: job.total ?? summary?.total ?? 0, summary };
}

/** BullMQ progress as the jobs report it: a percentage, or `{ percent, total }` (document jobs). */
function readProgress(progress: unknown): { percent: number; total?: number } {
  if (typeof progress === 'number') return { percent: progress };
  if (typeof progress === 'object' && progress !== null) {
    const { percent, total } = progress as { percent?: unknown; total?: unknown };
    return { percent: typeof percent === 'number' ? percent : 0, total: typeof total === 'number' ? total : undefined };
  }
  return { percent: 0 };
}
