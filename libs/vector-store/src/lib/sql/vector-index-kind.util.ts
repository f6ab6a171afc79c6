import type { VectorIndexKind } from '../interfaces/vector-index-kind.interface';
import { compareVersions } from '../utils/compare-versions.util';
import { MAX_HNSW_HALFVEC_DIMENSIONS, MAX_HNSW_VECTOR_DIMENSIONS } from '../vector-store.constants';

/** The index a chunks table of `dimensions` gets with pgvector `version` (HNSW came in 0.5.0, halfvec in 0.7.0). */
export function vectorIndexKind(dimensions: number, version: string): VectorIndexKind {
  if (compareVersions(version, '0.5.0') < 0) return 'none';
  if (dimensions <= MAX_HNSW_VECTOR_DIMENSIONS) return 'vector';
  if (dimensions <= MAX_HNSW_HALFVEC_DIMENSIONS && compareVersions(version, '0.7.0') >= 0) return 'halfvec';
  return 'none';
}
