/**
 * Consecutive slices of `texts` holding at most `maxChars` characters each (a longer text alone),
 * in input order; one empty slice for no texts. Used to bound the synchronous work per step on
 * large inputs: the local provider's thread tasks, rag-api's cache calls of one request.
 */
export function sliceByChars(texts: readonly string[], maxChars: number): string[][] {
  const slices: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const text of texts) {
    if (current.length > 0 && chars + text.length > maxChars) {
      slices.push(current);
      current = [];
      chars = 0;
    }
    current.push(text);
    chars += text.length;
  }
  if (current.length > 0 || slices.length === 0) slices.push(current);
  return slices;
}
