import type { DocumentMetadata } from '@rag/vector-store';

/** Payload of an `ingest-document` job. */
export interface IngestDocumentJobData {
  /** Collection of the document. */
  collection: string;
  /** Document id, unique within its collection. */
  id: string;
  /** Full text; chunked with the store's `CHUNK_SIZE` / `CHUNK_OVERLAP`. */
  text: string;
  /** Metadata stored with the document and matched by retrieval filters. */
  metadata: DocumentMetadata;
}
