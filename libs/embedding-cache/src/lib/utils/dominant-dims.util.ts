/**
 * The most common dimension count among decoded values (`null` entries are skipped); 0 when
 * there is none. A batch's values of any other size are then counted as corrupt.
 */
export function dominantDims(vectors: ReadonlyArray<Float32Array | null>): number {
  // Fast path: all decoded values have the first one's length (the usual case), no Map needed.
  const first = vectors.find((vector) => vector !== null);
  if (!first || vectors.every((vector) => vector === null || vector.length === first.length)) return first?.length ?? 0;
  const tally = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (const vector of vectors) {
    if (!vector) continue;
    const count = (tally.get(vector.length) ?? 0) + 1;
    tally.set(vector.length, count);
    if (count > bestCount) {
      best = vector.length;
      bestCount = count;
    }
  }
  return best;
}
