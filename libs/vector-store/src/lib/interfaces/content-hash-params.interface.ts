/** What, besides the text, decides a document's chunks and embeddings; part of its content hash. */
export interface ContentHashParams {
  /** `chunkSize` the text is chunked with. */
  chunkSize: number;
  /** `chunkOverlap` the text is chunked with. */
  chunkOverlap: number;
  /**
   * Embedding model id; include it so that switching models re-embeds unchanged documents.
   * @default undefined (not part of the hash)
   */
  model?: string;
}
