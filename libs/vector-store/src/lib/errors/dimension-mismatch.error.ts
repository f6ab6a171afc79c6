import { VectorStoreError } from './vector-store.error';

/**
 * Raised when a vector's length differs from its collection's dimensions (fixed when the collection
 * was created, from the store's `dimensions`), or when an existing collection's dimensions differ
 * from the store's. Nothing is written. Fix it by re-ingesting into a new collection, or by
 * configuring the embedding model the collection was built with.
 */
export class DimensionMismatchError extends VectorStoreError {
  readonly code = 'VECTOR_STORE_DIMENSION_MISMATCH' as const;

  constructor(
    /** The collection concerned. */
    readonly collection: string,
    /** Dimensions the collection holds (or, for a new collection, the store's `dimensions`). */
    readonly expected: number,
    /** Dimensions that were given. */
    readonly actual: number,
    /** What the dimensions were compared for, e.g. `'upsert'`, `'search'`, `'boot'`. */
    readonly operation: string,
  ) {
    super(
      `Dimension mismatch on collection "${collection}" (${operation}): it holds ${expected}-dimensional vectors, got ${actual}; ` +
        'use the embedding model the collection was built with, or re-ingest into a new collection',
    );
  }
}
