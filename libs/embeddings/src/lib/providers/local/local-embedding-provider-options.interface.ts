/** Options of `LocalEmbeddingProvider`. */
export interface LocalEmbeddingProviderOptions {
  /**
   * Vector length. Anything but 384 changes the model id to `local-hash-v1-d<dimensions>`, since
   * those vectors are not comparable with the 384-dim ones; meant for test doubles.
   * @default 384
   */
  dimensions?: number;
}
