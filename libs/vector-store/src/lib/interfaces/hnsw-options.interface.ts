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
   * @default 40
   */
  efSearch?: number;
}
