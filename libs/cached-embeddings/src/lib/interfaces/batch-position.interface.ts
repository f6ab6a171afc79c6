/** Where a batch of `CachedEmbedder.embedInBatches` sits in its input. */
export interface BatchPosition {
  /** Index of the batch's first text in the input. */
  readonly start: number;
  /** The batch's texts, in input order. */
  readonly texts: readonly string[];
  /** Share of the input covered once this batch is done, 0-100, rounded. */
  readonly percent: number;
}
