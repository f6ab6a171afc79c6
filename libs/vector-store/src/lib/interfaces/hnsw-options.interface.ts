/** Parameters of the HNSW cosine index (see docs/vector-store.md, "Sizing the HNSW index"). */
export interface HnswOptions {
  /**
   * Links per node (`WITH (m = …)`), 2-100. Read only when a chunks table is created.
   * @default 16
   */
  m?: number;
  /**
   * Candidate list size while building (`WITH (ef_construction = …)`), 4-1000 and at least `2 * m`.
   * Read only when a chunks table is created.
   * @default 64
   */
  efConstruction?: number;
  /**
   * Candidate list size while searching (`hnsw.ef_search`), 1-1000; raised to `topK` per query.
   * Above pgvector's own default (40), which gave recall@10 of 0.945-0.978 in the benchmark.
   * @default 100
   */
  efSearch?: number;
  /**
   * A filtered search whose filter matches at most this many chunks (counted from the matching
   * documents' chunk counts) is answered by an exact scan of those chunks instead of the HNSW
   * index; 0 always uses the index. The index applies a filter after finding neighbours, so when the
   * few matching chunks lie away from the query it finds only some of them (recall@10 0.69 measured
   * for a filter keeping 1 document in 10 of 10,000 chunks, 0.77 at `ef_search` 200), while an exact
   * scan of 1,000 chunks took 2-4 ms. 0-1,000,000.
   * @default 2000
   */
  exactScanMaxChunks?: number;
}
