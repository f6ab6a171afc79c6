import { allFinite } from './all-finite.util';

describe('allFinite', () => {
  it.each([1, 2, 3, 4, 5, 7, 8, 9, 384])('is true for %i finite elements, the largest float32 values included', (n) => {
    const vector = Float32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 3.4028234663852886e38 : -3.4028234663852886e38));
    expect(allFinite(vector)).toBe(true);
  });

  it('is true for an empty vector and for zeros', () => {
    expect(allFinite(new Float32Array(0))).toBe(true);
    expect(allFinite(new Float32Array(9))).toBe(true);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('is false for %p at any position, in the unrolled body or the tail', (bad) => {
    for (let at = 0; at < 9; at += 1) {
      const vector = new Float32Array(9).fill(0.5);
      vector[at] = bad;
      expect(allFinite(vector)).toBe(false);
    }
  });

  it('is false when +Infinity and -Infinity would cancel out', () => {
    expect(allFinite(Float32Array.from([Number.POSITIVE_INFINITY, 1, 2, 3, Number.NEGATIVE_INFINITY]))).toBe(false);
  });
});
