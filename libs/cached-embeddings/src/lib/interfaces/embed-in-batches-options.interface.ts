/** Options of `CachedEmbedder.embedInBatches`. */
export interface EmbedInBatchesOptions {
  /** Texts per cache call (`getOrComputeDetailed`), hence at most per provider call; an integer ≥ 1. */
  batchSize: number;
  /**
   * Decides, for a batch that failed, whether to yield it as a `SkippedBatch` and go on with the
   * next one (`true`) or to throw the error (`false`).
   * @default every failure is thrown
   */
  skipFailedBatch?: (error: unknown) => boolean;
}
