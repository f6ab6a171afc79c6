import type { DocumentMetadata } from './document-metadata.interface';
import type { DocumentState } from './document-state.interface';

/**
 * Argument of `VectorStore.setDocumentState`. Creates the document (with no chunks) if it does not
 * exist, so a job can be tracked from `pending`; stored chunks and content hash are left as they are.
 */
export interface SetDocumentStateInput {
  /**
   * Collection of the document; created with the store's dimensions if missing.
   * @default the store's `defaultCollection` ('default')
   */
  collection?: string;
  /** Document id. */
  id: string;
  /** The new state. */
  state: DocumentState;
  /**
   * Error message to record (for `failed`); cleared when omitted.
   * @default null
   */
  error?: string | null;
  /**
   * Replaces the document's metadata when given (e.g. an unchanged document with new metadata).
   * @default the stored metadata ({} for a new document)
   */
  metadata?: DocumentMetadata;
  /**
   * The metadata of the ingestion being requested, shown by `getDocument` as `requestedMetadata`
   * until it is applied (by an upsert, or a `ready` state), while `metadata` stays that of the
   * chunks being served. Kept when omitted; cleared by a `ready` state.
   * @default the stored requested metadata
   */
  requestedMetadata?: DocumentMetadata;
  /**
   * Records this token as the document's latest requested ingestion (kept when omitted); the
   * `…IfCurrent` methods then act only for the holder of the token.
   * @default the stored token
   */
  ingestToken?: string;
}
