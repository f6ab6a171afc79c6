/** Vectors read for a list of keys (`null` for a miss), and whether Redis failed for any of them. */
export interface FetchedVectors {
  /** One entry per key asked for, in the same order. */
  readonly vectors: Array<Float32Array | null>;
  /** `true` when Redis could not be used for at least one key (down, skipped, timed out, error). */
  readonly faulted: boolean;
}
