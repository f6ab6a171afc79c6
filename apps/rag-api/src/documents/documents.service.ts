import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_EMBEDDING_BATCH_SIZE,
  DocumentIngestionRunner,
  EMBEDDING_JOBS_QUEUE,
  INGEST_DOCUMENT_JOB,
  JOB_COLLECTION_FIELD,
  JOB_OWNER_FIELD,
  setJobFields,
  traceEnqueue,
} from '@rag/embedding-jobs';
import type { IngestDocumentJobData } from '@rag/embedding-jobs';
import { VECTOR_STORE_DRIVER, VectorStore } from '@rag/vector-store';
import type { DocumentMetadata, DocumentRecord, SqlDriver } from '@rag/vector-store';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { QUEUE_TIMEOUT_MS } from '../embedding-jobs/embedding-jobs.constants';
import { QUEUE_CONNECTION } from '../embedding-jobs/queue-redis.module';
import { DocumentQueue } from '../jobs/document-queue.service';
import type { QueueConnection } from '../jobs/queue-connection';
import type { CreateDocumentDto } from './dto/create-document.dto';
import type { DocumentAcceptedDto, DocumentDto } from './dto/document.dto';

/** What `create` did: queued (202) or processed inline (201). */
export interface CreateDocumentResult {
  queued: boolean;
  body: DocumentAcceptedDto;
}

/**
 * Documents: accepted as `pending` and queued as an `ingest-document` job on `embedding-jobs`
 * (workers with `DATABASE_URL` take it from the shared queue; on PGlite, rag-api's in-process
 * processor takes it from its store's own queue, see `DocumentQueue`); when the queue's Redis is
 * unreachable, ingested inline in the request instead, so nothing is refused. Each job names its
 * store (`storeId`): a process of another store hands it back rather than dropping it.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('Documents');
  /**
   * Whether a queued job can be taken at all: by this process (`JOBS_IN_PROCESS`) or by workers
   * sharing a PostgreSQL. With an embedded PGlite and no processor here, nobody could: ingest inline.
   */
  private readonly queueable: boolean;

  constructor(
    private readonly queues: DocumentQueue,
    private readonly store: VectorStore,
    private readonly ingestion: DocumentIngestionRunner,
    @Inject(VECTOR_STORE_DRIVER) driver: SqlDriver,
    @Inject(ragApiConfig.KEY) config: RagApiConfig,
    @Inject(QUEUE_CONNECTION) private readonly connection: QueueConnection,
  ) {
    this.queueable = config.jobsInProcess || driver.kind === 'pg';
    if (!this.queueable) {
      this.logger.warn('JOBS_IN_PROCESS=false with an embedded PGlite (no DATABASE_URL): documents are ingested inline, in the request');
    }
  }

  /** `owner`: the key posting it (recorded with its job, which that key may then read). */
  async create(dto: CreateDocumentDto, owner?: string): Promise<CreateDocumentResult> {
    const token = randomUUID();
    const data: IngestDocumentJobData = {
      collection: dto.collection ?? this.store.defaultCollection,
      id: dto.id ?? randomUUID(),
      text: dto.text,
      metadata: (dto.metadata ?? {}) as DocumentMetadata,
      // The latest request of a document wins: older jobs still queued or running store nothing.
      token,
      storeId: this.queues.storeId,
      ...(owner === undefined ? {} : { owner }),
    };
    const { collection, id, metadata } = data;
    // The posted metadata shows at once (GET); retrieval keeps the served chunks' until they are replaced.
    await this.store.setDocumentState({ collection, id, state: 'pending', ingestToken: token, requestedMetadata: metadata });
    if (this.queueable) {
      try {
        // Behind the queue's breaker: with its Redis down or frozen this fails at once, not after the deadline.
        const jobId = await traceEnqueue(INGEST_DOCUMENT_JOB, (traceContext) =>
          this.connection.call(QUEUE_TIMEOUT_MS, async (client) => {
            const job = await this.queues.queue.add(INGEST_DOCUMENT_JOB, traceContext ? { ...data, traceContext } : data, this.queues.jobOptions(token));
            // Who may read the job's status, apart from the payload (status reads never load it).
            await setJobFields(client, this.queues.queue.toKey(String(job.id)), { [JOB_OWNER_FIELD]: owner, [JOB_COLLECTION_FIELD]: collection });
            return String(job.id);
          }),
        );
        return { queued: true, body: { id, collection, jobId, state: 'pending' } };
      } catch (error) {
        // Should the add still land after the deadline, its job finds the document unchanged (same
        // token and content hash) and makes no embedding call, or stores nothing after a newer POST.
        this.logger.warn(
          `Queue "${EMBEDDING_JOBS_QUEUE}" unreachable (${error instanceof Error ? error.message : String(error)}); ingesting document "${id}" inline`,
        );
      }
    }
    const summary = await this.ingestion.run(data, { batchSize: DEFAULT_EMBEDDING_BATCH_SIZE, finalAttempt: true });
    const state = summary.outcome === 'ingested' || summary.outcome === 'unchanged' ? 'ready' : summary.outcome;
    return { queued: false, body: { id, collection, jobId: null, state, chunkCount: summary.chunks } };
  }

  async get(id: string, collection?: string): Promise<DocumentDto> {
    const record = await this.store.getDocument({ collection, id });
    if (!record) throw notFound(id, collection ?? this.store.defaultCollection);
    return toDto(record);
  }

  async delete(id: string, collection?: string): Promise<void> {
    if (!(await this.store.deleteDocument({ collection, id }))) throw notFound(id, collection ?? this.store.defaultCollection);
  }
}

function notFound(id: string, collection: string): NotFoundException {
  return new NotFoundException({ message: `document "${id}" not found in collection "${collection}"`, param: 'id' });
}

function toDto(record: DocumentRecord): DocumentDto {
  return {
    id: record.id,
    collection: record.collection,
    state: record.state,
    chunkCount: record.chunkCount,
    error: record.error,
    metadata: (record.requestedMetadata ?? record.metadata) as Record<string, unknown>,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}
