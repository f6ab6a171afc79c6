/**
 * How a chunks table is indexed: HNSW on the `vector` column (up to 2000 dimensions), HNSW on a
 * `halfvec` cast of it (2001-4000, pgvector ≥ 0.7), or none (exact scans: above 4000, or pgvector < 0.5).
 */
export type VectorIndexKind = 'vector' | 'halfvec' | 'none';
