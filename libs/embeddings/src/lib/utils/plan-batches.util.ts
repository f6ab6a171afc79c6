import type { BatchLimits } from '../interfaces/batch-limits.interface';
import type { BatchRange } from '../interfaces/batch-range.interface';

/**
 * Splits `texts` into contiguous batches, greedily and in order, so that no batch holds more than
 * `maxInputs` texts or more than `maxChars` characters (except a single over-long text, which is
 * sent alone and left for the API to accept or reject).
 */
export function planBatches(texts: readonly string[], { maxInputs, maxChars }: BatchLimits): BatchRange[] {
  const batches: BatchRange[] = [];
  let start = 0;
  let chars = 0;
  for (let i = 0; i < texts.length; i++) {
    const length = texts[i].length;
    const count = i - start;
    if (count > 0 && (count >= maxInputs || chars + length > maxChars)) {
      batches.push({ start, end: i });
      start = i;
      chars = 0;
    }
    chars += length;
  }
  if (texts.length > start) batches.push({ start, end: texts.length });
  return batches;
}
