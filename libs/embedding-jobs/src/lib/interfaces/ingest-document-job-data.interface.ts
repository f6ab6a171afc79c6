import type { TraceCarrier } from '@rag/tracing';
import type { DocumentMetadata } from '@rag/vector-store';

/** Payload of an `ingest-document` job. */
export interface IngestDocumentJobData {
  /** Id of the API key that posted the document (rag-api's RAG_API_KEYS_FILE), when keys are in use. */
  owner?: string;
  /** Collection of the document. */
  collection: string;
  /** Document id, unique within its collection. */
  id: string;
  /** Full text; chunked with the store's `CHUNK_SIZE` / `CHUNK_OVERLAP`. */
  text: string;
  /** Metadata stored with the document and matched by retrieval filters. */
  metadata: DocumentMetadata;
  /**
   * The document's ingest token recorded when this ingestion was requested
   * (`setDocumentState({ state: 'pending', ingestToken })`): the job writes only while the document
   * still holds it, so an older job never overwrites a newer one or revives a deleted document.
   * Without it the job writes unconditionally.
   */
  token?: string;
  /**
   * Id of the vector store the document was accepted into (`VECTOR_STORE_ID`): a process of
   * another store hands the job back instead of running it. Jobs queued without it run anywhere.
   */
  storeId?: string;
  /**
   * W3C trace context of the span that queued the job (`traceparent`, `tracestate`), continued by
   * the job's processing; absent with tracing off and on jobs queued before it existed.
   */
  traceContext?: TraceCarrier;
  /** Times a process without a vector store, or of another store, put the job back (see `MAX_HAND_BACKS`). */
  handBacks?: number;
}
