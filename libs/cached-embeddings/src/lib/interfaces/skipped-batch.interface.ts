import type { BatchPosition } from './batch-position.interface';

/** A batch of `CachedEmbedder.embedInBatches` that failed with an error `skipFailedBatch` accepted. */
export interface SkippedBatch extends BatchPosition {
  /** Why the batch failed; nothing of it was cached. */
  readonly error: unknown;
}
