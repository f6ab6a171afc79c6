import type { BatchLimits } from '../interfaces/batch-limits.interface';
import type { BatchRange } from '../interfaces/batch-range.interface';

/**
 * Splits `texts` into contiguous batches, greedily and in order, so that no batch holds more than
 * `maxInputs` texts or more than `maxTokens` tokens (except a single over-long text, which is sent
 * alone and left for the API to accept or reject). Tokens are bounded by UTF-8 bytes, which no
 * byte-level BPE tokenizer can exceed: a batch never goes over the limit, without shipping a
 * tokenizer, at the cost of smaller batches for English (about 4 bytes per token).
 */
export function planBatches(texts: readonly string[], { maxInputs, maxTokens }: BatchLimits): BatchRange[] {
  const batches: BatchRange[] = [];
  let start = 0;
  let tokens = 0;
  for (let i = 0; i < texts.length; i++) {
    const bound = Buffer.byteLength(texts[i], 'utf8');
    const count = i - start;
    if (count > 0 && (count >= maxInputs || tokens + bound > maxTokens)) {
      batches.push({ start, end: i });
      start = i;
      tokens = 0;
    }
    tokens += bound;
  }
  if (texts.length > start) batches.push({ start, end: texts.length });
  return batches;
}
