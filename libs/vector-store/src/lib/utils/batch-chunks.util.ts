import type { PreparedChunk } from '../interfaces/prepared-chunk.interface';
import { MAX_INSERT_ROWS, MAX_INSERT_VECTOR_CHARS } from '../vector-store.constants';

/**
 * Splits chunks, in order, into INSERT statements of at most `maxRows` rows (`MAX_INSERT_ROWS` by
 * default) and about `MAX_INSERT_VECTOR_CHARS` characters of vector literals and texts (a single
 * larger chunk goes alone).
 */
export function batchChunks(chunks: readonly PreparedChunk[], maxRows = MAX_INSERT_ROWS): PreparedChunk[][] {
  const batches: PreparedChunk[][] = [];
  let current: PreparedChunk[] = [];
  let chars = 0;
  for (const chunk of chunks) {
    const size = chunk.literal.length + chunk.text.length;
    if (current.length > 0 && (current.length >= maxRows || chars + size > MAX_INSERT_VECTOR_CHARS)) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(chunk);
    chars += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
