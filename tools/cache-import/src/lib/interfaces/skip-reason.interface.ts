/**
 * Why an entry was not imported.
 * - `badKey`: the key is not a 64-character hex sha256.
 * - `notVector`: the value is neither a numeric array nor an object with a numeric `embedding` array.
 * - `nonFinite`: the vector holds `NaN`/`Infinity` tokens, or numbers beyond the float32 range.
 * - `mixedDims`: the vector's length differs from the collection's (or `--dims`).
 */
export type SkipReason = 'badKey' | 'notVector' | 'nonFinite' | 'mixedDims';

