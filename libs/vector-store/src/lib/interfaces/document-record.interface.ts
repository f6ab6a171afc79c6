import type { DocumentMetadata } from './document-metadata.interface';
import type { DocumentState } from './document-state.interface';

/** A stored document, as returned by `getDocument` and `setDocumentState`. */
export interface DocumentRecord {
  /** Collection of the document. */
  collection: string;
  /** Document id. */
  id: string;
  /** `contentHash` given to the last successful `upsertDocument`; `null` before the first one. */
  contentHash: string | null;
  /** The metadata of the served chunks: what retrieval returns and filters on. */
  metadata: DocumentMetadata;
  /**
   * The metadata of the latest requested ingestion (`setDocumentState({ requestedMetadata })`) while
   * it is not applied yet (pending, processing, or failed); `null` once an upsert or a `ready`
   * state applied it, or when none was given.
   */
  requestedMetadata: DocumentMetadata | null;
  /** Number of chunks stored by the last successful `upsertDocument`. */
  chunkCount: number;
  /** Ingestion state. */
  state: DocumentState;
  /** Error message recorded with the `failed` state; `null` otherwise. */
  error: string | null;
  /**
   * Token of the latest requested ingestion (`setDocumentState({ ingestToken })`); an ingestion
   * that carries another token has been superseded. `null` when none was requested.
   */
  ingestToken: string | null;
  /** When the document row was created. */
  createdAt: Date;
  /** When the document was last upserted or changed state. */
  updatedAt: Date;
}
