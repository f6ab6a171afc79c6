import { dominantDims } from './dominant-dims.util';

describe('dominantDims', () => {
  const v = (dims: number) => new Float32Array(dims);

  it('is the common length when every decoded value agrees (fast path), skipping nulls', () => {
    expect(dominantDims([null, v(3), v(3), null])).toBe(3);
  });

  it('is 0 when nothing decoded', () => {
    expect(dominantDims([])).toBe(0);
    expect(dominantDims([null, null])).toBe(0);
  });

  it('is the most common length when lengths differ, the first to reach the top count on a tie', () => {
    expect(dominantDims([v(1), v(2), v(2), null, v(1), v(2)])).toBe(2);
    expect(dominantDims([v(4), v(5)])).toBe(4);
  });
});
