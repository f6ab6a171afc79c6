/** Model id of `LocalEmbeddingProvider` at its default size. */
export const LOCAL_EMBEDDING_MODEL = 'local-hash-v1';

/** Vector length of `LocalEmbeddingProvider`. */
export const LOCAL_EMBEDDING_DIMENSIONS = 384;
