import { Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { withDeadline } from '@rag/config-kit';
import { EMBEDDING_JOBS_QUEUE, EMBEDDING_JOB_OPTIONS, EMBED_TEXTS_JOB, INGEST_DOCUMENT_JOB } from '@rag/embedding-jobs';
import type {
  EmbeddingJobData,
  EmbeddingJobSummary,
  EmbeddingQueueJobData,
  EmbeddingQueueJobResult,
  IngestDocumentJobData,
  IngestDocumentSummary,
} from '@rag/embedding-jobs';
import { VectorStore, chunkText } from '@rag/vector-store';
import { coversCollection } from '../auth/covers-collection.util';
import { ALL_COLLECTIONS } from '../auth/auth.constants';
import type { ApiKey } from '../auth/interfaces/api-key.interface';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import { DocumentQueue } from '../jobs/document-queue.service';
import type { CreateEmbeddingJobDto } from './dto/create-embedding-job.dto';
import type { EmbeddingJobDto } from './dto/embedding-job.dto';
import { QUEUE_TIMEOUT_MS } from './embedding-jobs.constants';

/** Enqueues background embedding jobs and reports on them. */
@Injectable()
export class EmbeddingJobsService {
  private readonly logger = new Logger('EmbeddingJobs');
  private queueDown = false;

  constructor(
    @InjectQueue(EMBEDDING_JOBS_QUEUE) private readonly queue: Queue<EmbeddingQueueJobData, EmbeddingQueueJobResult>,
    private readonly embeddings: EmbeddingsService,
    private readonly store: VectorStore,
    private readonly documents: DocumentQueue,
  ) {
    // Without an 'error' listener BullMQ prints every connection error (and a plain EventEmitter
    // would crash); attached here, before the first connection attempt fails. Once per outage.
    this.queue.on('error', (error: Error) => {
      if (!this.queueDown) this.logger.warn(`Queue "${EMBEDDING_JOBS_QUEUE}" unavailable: ${error.message}`);
      this.queueDown = true;
    });
  }

  /** Queues an embed-texts job under a random id (ids are not enumerable), recording `owner`, the key that may read it. */
  async create(dto: CreateEmbeddingJobDto, owner?: string): Promise<{ id: string }> {
    this.embeddings.assertModel(dto.model);
    // The served model, not the alias asked for: a worker with another alias list still takes the job.
    const model = dto.model === undefined ? undefined : this.embeddings.model;
    const data = { model, texts: dto.texts, ...(owner === undefined ? {} : { owner }) };
    const job = await this.guard(() => this.queue.add(EMBED_TEXTS_JOB, data, { ...EMBEDDING_JOB_OPTIONS, jobId: randomUUID() }));
    return { id: String(job.id) };
  }

  /** The job, if `viewer` (when keys are in use) may read it: as unknown as a missing job otherwise. */
  async get(id: string, viewer?: ApiKey): Promise<EmbeddingJobDto> {
    // State first: a job read after its state was seen 'completed' carries its return value
    // (read the other way round, a job finishing in between showed 'completed' with no summary).
    // A document job of a private store (PGlite) is on that store's own queue.
    const queue = this.documents.queueOf(id);
    const state = await this.guard(() => queue.getJobState(id));
    const job = await this.guard(() => queue.getJob(id));
    // Another producer's job name has no shape in the API: as unknown to it as a missing job.
    const foreign = viewer !== undefined && job !== undefined && !mayRead(viewer, job);
    if (!job || foreign || state === 'unknown' || (job.name !== EMBED_TEXTS_JOB && job.name !== INGEST_DOCUMENT_JOB)) {
      throw new NotFoundException({ message: `embedding job "${id}" not found`, param: 'id' });
    }
    return this.describe(job, state);
  }

  private describe(job: Job<EmbeddingQueueJobData, EmbeddingQueueJobResult>, state: string): EmbeddingJobDto {
    const progress = typeof job.progress === 'number' ? job.progress : 0;
    const rest = { failedReason: job.failedReason ?? null, attemptsMade: job.attemptsMade };
    if (job.name === INGEST_DOCUMENT_JOB) {
      const summary = (job.returnvalue as IngestDocumentSummary | null | undefined) ?? null;
      const total = this.documentChunks(job.data as IngestDocumentJobData, summary);
      return { id: String(job.id), name: INGEST_DOCUMENT_JOB, state, progress, total, summary, ...rest };
    }
    const texts = (job.data as Partial<EmbeddingJobData> | undefined)?.texts;
    const summary = (job.returnvalue as EmbeddingJobSummary | null | undefined) ?? null;
    return { id: String(job.id), name: EMBED_TEXTS_JOB, state, progress, total: Array.isArray(texts) ? texts.length : 0, summary, ...rest };
  }

  /**
   * What the job stored once it has, else the chunks its text makes with this process's chunking
   * (the workers' CHUNK_SIZE / CHUNK_OVERLAP are the same settings of one deployment).
   */
  private documentChunks(data: Partial<IngestDocumentJobData> | undefined, summary: IngestDocumentSummary | null): number {
    if (summary?.outcome === 'ingested' || summary?.outcome === 'unchanged') return summary.chunks;
    return typeof data?.text === 'string' ? chunkText(data.text, this.store.chunking).length : 0;
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await withDeadline(call(), QUEUE_TIMEOUT_MS);
      this.queueDown = false;
      return result;
    } catch (error) {
      this.logger.warn(`Queue "${EMBEDDING_JOBS_QUEUE}" call failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new ServiceUnavailableException({
        message: 'the embedding job queue is unavailable (its Redis cannot be reached); try again later',
        param: null,
      });
    }
  }
}

/**
 * A key reads the jobs it queued, and the document jobs of its collections (a tenant's documents
 * posted with another of its keys, e.g. during a rotation); a key of every collection ("*") also
 * reads jobs queued without keys.
 */
function mayRead(viewer: ApiKey, job: Job<EmbeddingQueueJobData, EmbeddingQueueJobResult>): boolean {
  const data = job.data as Partial<IngestDocumentJobData> | undefined;
  if (data?.owner !== undefined && data.owner === viewer.id) return true;
  if (job.name === INGEST_DOCUMENT_JOB && typeof data?.collection === 'string') return coversCollection(viewer, data.collection);
  return data?.owner === undefined && viewer.collections.includes(ALL_COLLECTIONS);
}
