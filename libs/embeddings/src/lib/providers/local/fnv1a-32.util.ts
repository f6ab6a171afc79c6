const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * 32-bit FNV-1a over the UTF-16 code units of `text`, continued from `seed`, with MurmurHash3's
 * final mix applied so that the low bits (used as a vector index) are as well spread as the high ones.
 *
 * Hand-written rather than imported: it is ten lines, needs no dependency, and `node:crypto`
 * digests cost about 1 µs each, which would dominate a local embedding of hundreds of features.
 */
export function fnv1a32(text: string, seed: number = FNV_OFFSET_BASIS): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
