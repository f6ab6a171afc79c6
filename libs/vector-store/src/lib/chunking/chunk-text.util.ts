import type { ChunkingOptions } from '../interfaces/chunking-options.interface';
import { chunkSpans } from './chunk-spans.util';

/**
 * Splits `text` into chunks for embedding: recursively by paragraphs (blank lines), then
 * sentences, then words, then characters, merging neighbouring pieces up to `chunkSize`
 * characters, each chunk repeating at most `chunkOverlap` characters of the previous one.
 * Deterministic; every chunk is a trimmed slice of `text`, non-empty and at most `chunkSize` long.
 * Whitespace-only text gives `[]`. Throws `InvalidArgumentError` for bad options.
 */
export function chunkText(text: string, options: ChunkingOptions = {}): string[] {
  return chunkSpans(text, options).map(({ start, end }) => text.slice(start, end));
}
