import type { GetOrComputeResult } from '@rag/embedding-cache';
import type { BatchPosition } from './batch-position.interface';

/** A batch of `CachedEmbedder.embedInBatches` that was embedded. */
export interface EmbeddedBatch extends BatchPosition {
  /** One vector per text of the batch, and how many came from the cache. */
  readonly result: GetOrComputeResult;
}
