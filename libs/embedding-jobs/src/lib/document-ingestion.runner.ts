import { Inject, Injectable, Logger } from '@nestjs/common';
import { EmbeddingCacheService } from '@rag/embedding-cache';
import { EMBEDDING_PROVIDER, EMBEDDINGS_OPTIONS, cacheModelId } from '@rag/embeddings';
import type { EmbeddingProvider, EmbeddingsModuleOptions } from '@rag/embeddings';
import { VectorStore, chunkText, computeContentHash } from '@rag/vector-store';
import type { DocumentMetadata } from '@rag/vector-store';
import type { IngestDocumentJobData } from './interfaces/ingest-document-job-data.interface';
import type { IngestDocumentSummary } from './interfaces/ingest-document-summary.interface';
import { InvalidJobError } from './invalid-job.error';
import { isPermanentJobError } from './utils/is-permanent-error.util';

/** How `DocumentIngestionRunner.run` sizes and reports its work. */
export interface IngestOptions {
  /** Chunks per `getOrCompute` call. */
  batchSize: number;
  /** Called after each batch with the share of chunks embedded, 0-100. */
  onProgress?: (percent: number) => Promise<void> | void;
  /**
   * Whether no retry follows a failure of this run (the queue's last attempt, or inline
   * processing): the document is then marked `failed`; otherwise it stays `processing`.
   */
  finalAttempt: boolean;
}

/**
 * Ingests one document: chunk → embed through the shared cache (`getOrCompute`, so a chunk any
 * process has embedded costs nothing, and one being embedded elsewhere is waited for) → replace
 * the document's chunks in one transaction. Idempotent per document: the content hash covers the
 * text, the chunking settings and the model, so re-ingesting an unchanged document makes no
 * embedding call, and a changed one replaces every chunk. While a re-ingestion runs or after it
 * fails, the previous chunks keep being served.
 */
@Injectable()
export class DocumentIngestionRunner {
  private readonly logger = new Logger('DocumentIngestion');
  /** Model id of cache keys, the same as rag-api's. */
  readonly cacheModel: string;

  constructor(
    @Inject(EMBEDDING_PROVIDER) private readonly provider: EmbeddingProvider,
    @Inject(EMBEDDINGS_OPTIONS) options: EmbeddingsModuleOptions,
    private readonly cache: EmbeddingCacheService,
    private readonly store: VectorStore,
  ) {
    this.cacheModel = cacheModelId(provider, options);
  }

  async run(data: IngestDocumentJobData, options: IngestOptions): Promise<IngestDocumentSummary> {
    const { collection, id, text, metadata } = check(data);
    const base = { collection, documentId: id, hits: 0, computed: 0 };
    const existing = await this.store.getDocument({ collection, id });
    if (existing === null) return { ...base, outcome: 'deleted', chunks: 0 };

    const contentHash = computeContentHash(text, { ...this.store.chunking, model: this.cacheModel });
    if (existing.contentHash === contentHash) {
      await this.store.setDocumentState({ collection, id, state: 'ready', metadata });
      return { ...base, outcome: 'unchanged', chunks: existing.chunkCount };
    }

    try {
      await this.store.setDocumentState({ collection, id, state: 'processing' });
      const pieces = chunkText(text, this.store.chunking);
      const vectors: Float32Array[] = [];
      let hits = 0;
      let computed = 0;
      for (let start = 0; start < pieces.length; start += options.batchSize) {
        const batch = pieces.slice(start, start + options.batchSize);
        const result = await this.cache.getOrComputeDetailed(this.cacheModel, batch, (missing) => this.provider.embed(missing));
        vectors.push(...result.vectors);
        hits += result.hits;
        computed += result.computed;
        await options.onProgress?.(Math.round(((start + batch.length) / pieces.length) * 100));
      }
      const record = await this.store.upsertDocument({
        collection,
        id,
        contentHash,
        metadata,
        chunks: pieces.map((piece, i) => ({ text: piece, embedding: vectors[i] })),
      });
      return { ...base, outcome: 'ingested', chunks: record.chunkCount, hits, computed };
    } catch (error) {
      if (options.finalAttempt || isPermanentJobError(error)) await this.markFailed(collection, id, error);
      throw error;
    }
  }

  /** Best effort: the original error is what the caller must see, not a failure to record it. */
  private async markFailed(collection: string, id: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    try {
      await this.store.setDocumentState({ collection, id, state: 'failed', error: message });
    } catch (stateError) {
      this.logger.warn(`Could not mark document "${id}" failed: ${stateError instanceof Error ? stateError.message : String(stateError)}`);
    }
  }
}

function check(data: IngestDocumentJobData): IngestDocumentJobData {
  if (typeof data?.id !== 'string' || data.id.length === 0) throw new InvalidJobError('id must be a non-empty string');
  if (typeof data.collection !== 'string' || data.collection.length === 0) {
    throw new InvalidJobError('collection must be a non-empty string');
  }
  if (typeof data.text !== 'string' || data.text.trim().length === 0) throw new InvalidJobError('text must be a non-empty string');
  const metadata: unknown = data.metadata ?? {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new InvalidJobError('metadata must be a JSON object');
  }
  return { collection: data.collection, id: data.id, text: data.text, metadata: metadata as DocumentMetadata };
}
