import { VectorStoreError } from './vector-store.error';

/**
 * Raised when a call's argument is invalid (an empty id, a non-finite or zero vector, `topK` out of
 * range, a bad filter, bad chunking options); the message names the argument. Nothing is written.
 * An app maps it to `400 Bad Request`.
 */
export class InvalidArgumentError extends VectorStoreError {
  readonly code = 'VECTOR_STORE_INVALID_ARGUMENT' as const;
}
