/** Limits of one request, as `planBatches` applies them. */
export interface BatchLimits {
  /** Maximum number of texts per batch (≥ 1). */
  readonly maxInputs: number;
  /**
   * Maximum tokens per batch (≥ 1), counted as UTF-8 bytes: an upper bound for byte-level BPE
   * tokenizers (OpenAI's included), where every token covers at least one byte. A single longer
   * text gets a batch of its own.
   */
  readonly maxTokens: number;
}
