/** Model id of `LocalEmbeddingProvider` at its default size. */
export const LOCAL_EMBEDDING_MODEL = 'local-hash-v1';

/** Vector length of `LocalEmbeddingProvider`. */
export const LOCAL_EMBEDDING_DIMENSIONS = 384;

/**
 * Largest call, in characters, that the local provider computes on the calling thread (~1-2 ms);
 * larger ones go to its worker threads, where the hop costs less than the blocking would.
 */
export const LOCAL_EMBEDDING_INLINE_MAX_CHARS = 16_384;

/** Most worker threads `LOCAL_EMBEDDING_THREADS` may ask for. */
export const LOCAL_EMBEDDING_MAX_THREADS = 64;
