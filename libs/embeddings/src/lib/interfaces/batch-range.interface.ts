/** A contiguous slice `[start, end)` of the input texts sent as one request. */
export interface BatchRange {
  /** Index of the first text of the batch. */
  readonly start: number;
  /** Index one past the last text of the batch. */
  readonly end: number;
}
