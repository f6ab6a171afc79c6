/** Options of `LocalEmbeddingProvider`. */
export interface LocalEmbeddingProviderOptions {
  /**
   * Vector length. Anything but 384 changes the model id to `local-hash-v1-d<dimensions>`, since
   * those vectors are not comparable with the 384-dim ones; meant for test doubles.
   * @default 384
   */
  dimensions?: number;
  /**
   * Worker threads that compute calls of more than `LOCAL_EMBEDDING_INLINE_MAX_CHARS` characters
   * (`LOCAL_EMBEDDING_THREADS`), so that large inputs never block the event loop; `0` computes
   * every call on the calling thread.
   * @default defaultLocalEmbeddingThreads(): the available cores minus one, 1 to 4
   */
  threads?: number;
}
