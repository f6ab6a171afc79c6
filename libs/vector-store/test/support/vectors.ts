/** Deterministic PRNG (mulberry32): the same vectors on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` random vectors of `dimensions` elements in [-1, 1), as float32. */
export function randomVectors(count: number, dimensions: number, seed = 1): Float32Array[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: dimensions }, () => next() * 2 - 1));
}

/** The unit vector along `axis`. */
export function axis(dimensions: number, index: number): number[] {
  return Array.from({ length: dimensions }, (_, i) => (i === index ? 1 : 0));
}

/** Cosine similarity computed in JavaScript, on float32 values as pgvector stores them. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.fround(a[i]);
    const y = Math.fround(b[i]);
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return dot / Math.sqrt(normA * normB);
}
