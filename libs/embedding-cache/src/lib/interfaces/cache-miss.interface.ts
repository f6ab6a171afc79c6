/** A unique text of a `getOrCompute` call that missed the cache, and where its vector goes. */
export interface CacheMiss {
  /** Its cache key. */
  readonly key: string;
  /** The text, as given, to pass to `compute`. */
  readonly text: string;
  /** Its index among the call's unique texts. */
  readonly slot: number;
}
