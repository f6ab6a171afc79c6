/**
 * The model whose vectors a store holds, as `registerVectorStore` reads it from the provider the
 * app names (an `EmbeddingProvider` fits).
 */
export interface VectorModel {
  /** Model id, quoted in the error when its size is unknown. */
  readonly model: string;
  /** Vector length; `0` or less when unknown. */
  readonly dimensions: number;
}
