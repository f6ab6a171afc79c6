/** Options of a lookup: `get`, `getMany`, `getOrCompute` and `getOrComputeDetailed`. */
export interface VectorLookupOptions {
  /**
   * Dimension count the caller expects. A stored value (in Redis or in the L1 tier) of another
   * count is then a miss counted as `corrupt`, which `getOrCompute` recomputes and overwrites,
   * and `compute` must return vectors of this count. Without it, only the values of one batch
   * must agree with each other (the most common count wins).
   * @default the module's `modelDimensions[model]`, else not checked
   */
  dimensions?: number;
}
