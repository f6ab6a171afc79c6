/** Thrown by the `RedisCacheBackedEmbeddings` constructor for options it cannot work with. */
export class InvalidCacheBackedEmbeddingsOptionsError extends Error {
  /** Stable code to branch on; the message may change. */
  readonly code = 'INVALID_CACHE_BACKED_EMBEDDINGS_OPTIONS';

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
