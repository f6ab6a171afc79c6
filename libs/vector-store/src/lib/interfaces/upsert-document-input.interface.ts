import type { ChunkInput } from './chunk-input.interface';
import type { DocumentMetadata } from './document-metadata.interface';

/** Argument of `VectorStore.upsertDocument`: a document's full set of chunks. */
export interface UpsertDocumentInput {
  /**
   * Collection of the document; created with the store's dimensions if missing.
   * @default the store's `defaultCollection` ('default')
   */
  collection?: string;
  /** Document id, unique within its collection (1-1024 characters). */
  id: string;
  /**
   * Hash of what the chunks were computed from, returned by `findDocumentHash` so an unchanged
   * document can be skipped; use `computeContentHash(text, { chunkSize, chunkOverlap, model })`.
   * @default null
   */
  contentHash?: string | null;
  /**
   * The document's metadata (a JSON object), matched by search filters; replaces the stored one.
   * @default {}
   */
  metadata?: DocumentMetadata;
  /** Every chunk of the document; replaces all stored chunks. May be empty. */
  chunks: readonly ChunkInput[];
}
