/**
 * What an answer of `EmbeddingCacheService.fromMemory` was made of, for telling later, without
 * hashing or looking up the texts again, whether the same call would still answer the same
 * vectors (`stillInMemory`). Made by the cache; its vectors are the L1's own and must only be read.
 */
export interface L1Receipt {
  /** The model the keys were made for. */
  readonly model: string;
  /** The unique keys of the texts, in first-seen order. */
  readonly keys: readonly string[];
  /**
   * The L1's vector of each key when the answer was made, compared by identity: the L1 replaces
   * an entry when its key changes and never writes to a vector it holds, so the same object means
   * the same bytes, read from Redis and not invalidated since.
   */
  readonly vectors: readonly Float32Array[];
}
