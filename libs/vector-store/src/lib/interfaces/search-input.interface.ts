import type { MetadataFilter } from './metadata-filter.interface';

/** Argument of `VectorStore.search`. */
export interface SearchInput {
  /**
   * Collection to search; an unknown collection gives no results.
   * @default the store's `defaultCollection` ('default')
   */
  collection?: string;
  /** Query embedding; its length must equal the collection's dimensions. */
  embedding: Float32Array | readonly number[];
  /**
   * Number of chunks to return, 1-100.
   * @default 5
   */
  topK?: number;
  /** Exact match on top-level keys of the documents' metadata. */
  filter?: MetadataFilter;
}
