/**
 * Whether every element of `vector` is finite (no NaN, no ±Infinity), in one pass.
 *
 * Hand-written for speed, because it runs on every value read from Redis: a float64 sum of
 * float32 elements cannot overflow (2³² × 3.4e38 is far below 1.8e308), so it is finite exactly
 * when every element is, and four independent sums let the CPU add in parallel: ~0.65 ns per
 * element, against ~0.9 ns for one sum and ~1.3 ns for `Number.isFinite` per element (Node 20;
 * decoding 1000 × 1536 values takes ~1.8 ms with it, ~0.9 ms without, see docs/benchmarks.md).
 */
export function allFinite(vector: Float32Array): boolean {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const n = vector.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    a += vector[i];
    b += vector[i + 1];
    c += vector[i + 2];
    d += vector[i + 3];
  }
  for (; i < n; i += 1) a += vector[i];
  const sum = a + b + c + d;
  return sum - sum === 0;
}
