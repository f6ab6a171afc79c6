import { InvalidArgumentError } from '../errors/invalid-argument.error';
import type { ChunkingOptions } from '../interfaces/chunking-options.interface';
import { VECTOR_STORE_DEFAULTS } from '../vector-store.constants';

/**
 * `ChunkingOptions` with the defaults (1000 / 200) filled in and checked. Throws
 * `InvalidArgumentError` naming the option and its variable (`CHUNK_SIZE`, `CHUNK_OVERLAP`).
 */
export function resolveChunkingOptions(options: ChunkingOptions = {}): Required<ChunkingOptions> {
  const chunkSize = options.chunkSize ?? VECTOR_STORE_DEFAULTS.chunkSize;
  const chunkOverlap = options.chunkOverlap ?? VECTOR_STORE_DEFAULTS.chunkOverlap;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new InvalidArgumentError(`chunkSize (CHUNK_SIZE) must be a positive integer (got ${String(chunkSize)})`);
  }
  if (!Number.isSafeInteger(chunkOverlap) || chunkOverlap < 0 || chunkOverlap >= chunkSize) {
    throw new InvalidArgumentError(
      `chunkOverlap (CHUNK_OVERLAP) must be an integer from 0 to chunkSize - 1 (got ${String(chunkOverlap)} with chunkSize ${chunkSize})`,
    );
  }
  return { chunkSize, chunkOverlap };
}
