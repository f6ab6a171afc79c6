import { L1Tier } from './l1-tier';

describe('L1Tier', () => {
  it('keeps a private copy: neither the writer nor a reader can alter what others read', () => {
    const l1 = new L1Tier(1, 60);
    const written = new Float32Array([1, 2, 3]);
    l1.remember('k', written);
    written[0] = 99;

    const read = l1.read('k') as Float32Array;
    read[1] = 99;

    expect(Array.from(l1.read('k') as Float32Array)).toEqual([1, 2, 3]);
  });

  it('converts plain numbers to float32', () => {
    const l1 = new L1Tier(1, 60);
    l1.remember('k', [0.1, 2]);
    expect(l1.read('k')).toEqual(new Float32Array([0.1, 2]));
    expect(l1.read('missing')).toBeUndefined();
  });

  it('is bounded by bytes (vector + key + ~100 bytes per entry), evicting the least recently used', () => {
    const l1 = new L1Tier(1, 60);
    const vector = new Float32Array(1024); // 4 KiB: about 250 entries fit in 1 MiB
    for (let i = 0; i < 300; i += 1) l1.remember(`key-${i}`, vector);

    expect(l1.bytes).toBeLessThanOrEqual(1024 * 1024);
    // 1 MiB / (4096 + 7 + 100) bytes per entry ≈ 249 entries.
    expect(l1.entries).toBeGreaterThanOrEqual(248);
    expect(l1.entries).toBeLessThanOrEqual(250);
    expect(l1.read('key-0')).toBeUndefined();
    expect(l1.read('key-299')).toBeDefined();

    l1.clear();
    expect([l1.entries, l1.bytes]).toEqual([0, 0]);
  });
});
