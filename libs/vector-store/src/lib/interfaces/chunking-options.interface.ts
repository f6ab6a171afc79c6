/** Options of `chunkText`. */
export interface ChunkingOptions {
  /**
   * Largest chunk, in characters (UTF-16 code units); integer ≥ 1 (`CHUNK_SIZE`: 100-100000).
   * @default 1000
   */
  chunkSize?: number;
  /**
   * Largest overlap between consecutive chunks, in characters; integer ≥ 0 and < `chunkSize`.
   * @default 200
   */
  chunkOverlap?: number;
}
