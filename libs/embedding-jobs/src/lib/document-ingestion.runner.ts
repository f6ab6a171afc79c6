import { Injectable, Logger } from '@nestjs/common';
import { DeadlineExceededError, withDeadline } from '@rag/config-kit';
import { CachedEmbedder } from '@rag/cached-embeddings';
import type { EmbeddedBatch } from '@rag/cached-embeddings';
import { VectorStore, chunkText, computeContentHash } from '@rag/vector-store';
import type { DocumentMetadata, DocumentRecord, SetDocumentStateInput } from '@rag/vector-store';
import type { IngestDocumentJobData } from './interfaces/ingest-document-job-data.interface';
import type { IngestDocumentSummary } from './interfaces/ingest-document-summary.interface';
import { INGEST_TIME_BUDGET_MS } from './embedding-jobs.constants';
import { IngestionTimeoutError } from './ingestion-timeout.error';
import { InvalidJobError } from './invalid-job.error';
import { describeJobFailure } from './utils/describe-job-failure.util';
import { isPermanentJobError } from './utils/is-permanent-error.util';

/** How `DocumentIngestionRunner.run` sizes and reports its work. */
export interface IngestOptions {
  /** Chunks per cache call (`CachedEmbedder.embedInBatches`). */
  batchSize: number;
  /** Called after each batch with the share of chunks embedded, 0-100. */
  onProgress?: (percent: number) => Promise<void> | void;
  /**
   * Whether no retry follows a failure of this run (the queue's last attempt, or inline
   * processing): the document is then marked `failed`; otherwise it stays `processing`.
   */
  finalAttempt: boolean;
  /**
   * Longest time the chunks may take to embed; past it the run stops before writing anything and
   * fails with `IngestionTimeoutError` (retried like any transient failure).
   * @default INGEST_TIME_BUDGET_MS
   */
  timeBudgetMs?: number;
}

/**
 * Ingests one document: chunk → embed through the `CachedEmbedder` (the shared cache, so a chunk
 * any process has embedded costs nothing, and one being embedded elsewhere is waited for) → replace
 * the document's chunks in one transaction. Idempotent per document: the content hash covers the
 * text, the chunking settings and the model, so re-ingesting an unchanged document makes no
 * embedding call, and a changed one replaces every chunk. While a re-ingestion runs or after it
 * fails, the previous chunks keep being served. A job carrying the document's ingest token
 * writes only while the document still holds it (checked and locked in the upsert's
 * transaction), so of two ingestions of one document the last requested wins whatever order they
 * finish in, and a document deleted meanwhile stays deleted.
 */
@Injectable()
export class DocumentIngestionRunner {
  private readonly logger = new Logger('DocumentIngestion');
  constructor(
    private readonly embedder: CachedEmbedder,
    private readonly store: VectorStore,
  ) {}

  async run(data: IngestDocumentJobData, options: IngestOptions): Promise<IngestDocumentSummary> {
    const { collection, id } = checkKey(data);
    const token = data.token;
    const base = { collection, documentId: id, hits: 0, computed: 0, chunks: 0 };
    // Writes of this job: only while the document holds its token, when it carries one.
    const setState = (input: Omit<SetDocumentStateInput, 'collection' | 'id' | 'ingestToken'>): Promise<DocumentRecord | null> =>
      token === undefined
        ? this.store.setDocumentState({ collection, id, ...input })
        : this.store.setDocumentStateIfCurrent({ collection, id, ...input }, token);
    const notStored = async (): Promise<IngestDocumentSummary> =>
      (await this.store.getDocument({ collection, id })) === null ? { ...base, outcome: 'deleted' } : { ...base, outcome: 'superseded' };

    try {
      const { text, metadata } = checkContent(data);
      const existing = await this.store.getDocument({ collection, id });
      if (existing === null) return { ...base, outcome: 'deleted' };
      if (token !== undefined && existing.ingestToken !== token) return { ...base, outcome: 'superseded' };

      const contentHash = computeContentHash(text, { ...this.store.chunking, model: this.embedder.cacheModel });
      if (existing.contentHash === contentHash) {
        if (!(await setState({ state: 'ready', metadata }))) return await notStored();
        return { ...base, outcome: 'unchanged', chunks: existing.chunkCount };
      }

      if (!(await setState({ state: 'processing' }))) return await notStored();
      const pieces = chunkText(text, this.store.chunking);
      const { vectors, hits, computed } = await this.embedWithin(pieces, options);
      const input = { collection, id, contentHash, metadata, chunks: pieces.map((piece, i) => ({ text: piece, embedding: vectors[i] })) };
      const record = token === undefined ? await this.store.upsertDocument(input) : await this.store.upsertDocumentIfCurrent(input, token);
      if (!record) return { ...(await notStored()), hits, computed };
      return { ...base, outcome: 'ingested', chunks: record.chunkCount, hits, computed };
    } catch (error) {
      if (options.finalAttempt || isPermanentJobError(error)) await this.markFailed(setState, id, error);
      throw error;
    }
  }

  /**
   * Embeds `pieces` in batches within the run's time budget. A batch that is still waiting when the
   * budget runs out is abandoned: its vectors may still reach the cache, but nothing reaches the
   * store, since the write comes after this.
   */
  private async embedWithin(pieces: string[], options: IngestOptions): Promise<{ vectors: Float32Array[]; hits: number; computed: number }> {
    const budgetMs = options.timeBudgetMs ?? INGEST_TIME_BUDGET_MS;
    const deadline = Date.now() + budgetMs;
    const batches = this.embedder.embedInBatches(pieces, { batchSize: options.batchSize });
    const vectors: Float32Array[] = [];
    let hits = 0;
    let computed = 0;
    try {
      for (;;) {
        const next: IteratorResult<EmbeddedBatch> = await withDeadline(batches.next(), Math.max(0, deadline - Date.now()), 'ingestion');
        if (next.done) return { vectors, hits, computed };
        vectors.push(...next.value.result.vectors);
        hits += next.value.result.hits;
        computed += next.value.result.computed;
        await options.onProgress?.(next.value.percent);
      }
    } catch (error) {
      if (error instanceof DeadlineExceededError) throw new IngestionTimeoutError(budgetMs, vectors.length, pieces.length);
      throw error;
    }
  }

  /**
   * Marks the document `failed` with `reason` if its ingestion never reported back: it is still
   * `pending` or `processing` under this job's token. Called when the queue failed the job for good
   * outside `run` (its process died while ingesting, or nobody took it); a failure inside `run` has
   * already been recorded with its own message, which this leaves alone.
   */
  async failAbandoned(data: IngestDocumentJobData, reason: string): Promise<boolean> {
    const { collection, id } = checkKey(data);
    const existing = await this.store.getDocument({ collection, id });
    if (existing === null || (existing.state !== 'pending' && existing.state !== 'processing')) return false;
    const input = { collection, id, state: 'failed' as const, error: reason };
    if (data.token === undefined) return (await this.store.setDocumentState(input)) !== null;
    return (await this.store.setDocumentStateIfCurrent(input, data.token)) !== null;
  }

  /** Best effort: the original error is what the caller must see, not a failure to record it. */
  private async markFailed(
    setState: (input: Omit<SetDocumentStateInput, 'collection' | 'id' | 'ingestToken'>) => Promise<DocumentRecord | null>,
    id: string,
    error: unknown,
  ): Promise<void> {
    try {
      await setState({ state: 'failed', error: describeFailure(error) });
    } catch (stateError) {
      this.logger.warn(`Could not mark document "${id}" failed: ${stateError instanceof Error ? stateError.message : String(stateError)}`);
    }
  }
}

/**
 * The error recorded on a failed document, which `GET /v1/documents/:id` shows: a query failure
 * may name the database (host, user, data directory), so it is only summarised there and logged
 * in full by the job's processor.
 */
function describeFailure(error: unknown): string {
  return describeJobFailure(error);
}

function checkKey(data: IngestDocumentJobData): { collection: string; id: string } {
  if (typeof data?.id !== 'string' || data.id.length === 0) throw new InvalidJobError('id must be a non-empty string');
  if (typeof data.collection !== 'string' || data.collection.length === 0) {
    throw new InvalidJobError('collection must be a non-empty string');
  }
  if (data.token !== undefined && (typeof data.token !== 'string' || data.token.length === 0)) {
    throw new InvalidJobError('token must be a non-empty string when given');
  }
  return { collection: data.collection, id: data.id };
}

function checkContent(data: IngestDocumentJobData): { text: string; metadata: DocumentMetadata } {
  if (typeof data.text !== 'string' || data.text.trim().length === 0) throw new InvalidJobError('text must contain a non-whitespace character');
  const metadata: unknown = data.metadata ?? {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new InvalidJobError('metadata must be a JSON object');
  }
  return { text: data.text, metadata: metadata as DocumentMetadata };
}
