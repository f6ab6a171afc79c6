import type { DocumentMetadata } from './document-metadata.interface';

/** One chunk found by `VectorStore.search`. */
export interface SearchResult {
  /** Id of the chunk's document. */
  documentId: string;
  /** Stable chunk id: `<documentId>#<ordinal>`. */
  chunkId: string;
  /** The chunk's text. */
  text: string;
  /** Cosine similarity to the query, `1 - cosine distance` (1 = same direction); results are sorted by it, highest first. */
  score: number;
  /** The document's metadata. */
  metadata: DocumentMetadata;
}
