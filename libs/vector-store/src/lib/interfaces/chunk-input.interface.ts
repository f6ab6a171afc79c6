/** One chunk of a document, with its embedding, as given to `upsertDocument`. */
export interface ChunkInput {
  /** The chunk's text, returned by `search`. */
  text: string;
  /** The chunk's embedding; its length must equal the collection's dimensions. */
  embedding: Float32Array | readonly number[];
  /**
   * Position of the chunk in the document (unique, integer ≥ 0); part of the chunk id.
   * @default the chunk's index in `chunks`
   */
  ordinal?: number;
}
