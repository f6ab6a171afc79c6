/** Result of `EmbeddingCacheService.getOrComputeDetailed`. */
export interface GetOrComputeResult {
  /** One vector per input text, in input order. */
  vectors: Float32Array[];
  /** Input items answered from the cache. `hits + misses` equals the number of inputs. */
  hits: number;
  /** Input items that were not in the cache (computed here or by a concurrent call). */
  misses: number;
  /** Unique texts this call passed to `compute`. */
  computed: number;
}
