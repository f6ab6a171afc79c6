import type { VectorInput } from './vector-input.interface';

/** One entry of `EmbeddingCacheService.setMany`. */
export interface EmbeddingCacheEntry {
  /** The text the vector embeds, exactly as it will be looked up. */
  text: string;
  /** Its vector. */
  vector: VectorInput;
}
