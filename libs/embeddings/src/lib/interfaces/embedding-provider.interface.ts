/**
 * Turns texts into vectors. Implementations: `OpenAIEmbeddingProvider` (any OpenAI-compatible
 * API) and `LocalEmbeddingProvider` (offline, lexical). Inject it with `@Inject(EMBEDDING_PROVIDER)`.
 */
export interface EmbeddingProvider {
  /** Model id; part of any cache key, since vectors of different models are not comparable. */
  readonly model: string;
  /**
   * Length of every vector this provider returns. `0` only for an `OpenAIEmbeddingProvider` on a
   * model of unknown size with no configured dimensions, until its first response.
   */
  readonly dimensions: number;
  /**
   * Embeds `texts`; the result has one vector per text, in input order. An empty array gives an
   * empty array without any request.
   */
  embed(texts: string[]): Promise<number[][] | Float32Array[]>;
  /** Releases what the provider holds (the local provider's worker threads); optional. */
  close?(): Promise<void>;
}
