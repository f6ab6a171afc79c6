/** Limits of one request, as `planBatches` applies them. */
export interface BatchLimits {
  /** Maximum number of texts per batch (≥ 1). */
  readonly maxInputs: number;
  /** Maximum total `text.length` per batch (≥ 1); a single longer text gets a batch of its own. */
  readonly maxChars: number;
}
