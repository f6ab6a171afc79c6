import { createHash } from 'node:crypto';
import { CHUNKER_VERSION } from '../vector-store.constants';
import type { ContentHashParams } from '../interfaces/content-hash-params.interface';

/**
 * Content hash of a document for `upsertDocument` / `findDocumentHash`: lowercase hex SHA-256 of
 * the chunker version, `chunkSize`, `chunkOverlap`, `model` (when given) and the text (UTF-8,
 * exactly as given). Equal hashes mean equal chunks and embeddings, so re-ingesting can be skipped.
 */
export function computeContentHash(text: string, params: ContentHashParams): string {
  const header = JSON.stringify({
    chunker: CHUNKER_VERSION,
    chunkSize: params.chunkSize,
    chunkOverlap: params.chunkOverlap,
    model: params.model ?? null,
  });
  // The header is JSON on one line, so the newline cannot be confused with one inside it.
  return createHash('sha256').update(header).update('\n').update(text, 'utf8').digest('hex');
}
