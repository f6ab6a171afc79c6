import type { HnswOptions } from '../interfaces/hnsw-options.interface';
import type { VectorIndexKind } from '../interfaces/vector-index-kind.interface';

/** A log line's description of the chunks index. */
export function describeIndex(index: VectorIndexKind, hnsw: Required<HnswOptions>): string {
  const params =
    `m=${hnsw.m}, ef_construction=${hnsw.efConstruction}, ef_search=${hnsw.efSearch}` +
    (hnsw.exactScanMaxChunks > 0 ? `, exact scan for filters matching at most ${hnsw.exactScanMaxChunks} chunks` : '');
  switch (index) {
    case 'vector':
      return `HNSW cosine index (${params})`;
    case 'halfvec':
      return `HNSW cosine index on halfvec (${params})`;
    case 'none':
      return 'no ANN index (exact search)';
    default: {
      const unexpected: never = index;
      return String(unexpected);
    }
  }
}
