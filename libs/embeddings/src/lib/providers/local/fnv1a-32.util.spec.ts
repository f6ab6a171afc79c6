import { fnv1a32 } from './fnv1a-32.util';

describe('fnv1a32', () => {
  it('is a deterministic unsigned 32-bit hash that depends on the seed', () => {
    expect(fnv1a32('hello')).toBe(fnv1a32('hello'));
    expect(fnv1a32('hello')).toBeGreaterThanOrEqual(0);
    expect(fnv1a32('hello')).toBeLessThan(2 ** 32);
    expect(fnv1a32('hello', 1)).not.toBe(fnv1a32('hello', 2));
    expect(fnv1a32('hello')).not.toBe(fnv1a32('hellp'));
  });

  it('spreads similar keys evenly over 384 buckets and both signs', () => {
    const buckets = new Array<number>(384).fill(0);
    let negative = 0;
    for (let i = 0; i < 38_400; i++) {
      const hash = fnv1a32(`w${i}`);
      buckets[hash % 384]++;
      if (hash & 0x80000000) negative++;
    }
    expect(Math.min(...buckets)).toBeGreaterThan(60);
    expect(Math.max(...buckets)).toBeLessThan(140);
    expect(negative / 38_400).toBeCloseTo(0.5, 1);
  });
});
