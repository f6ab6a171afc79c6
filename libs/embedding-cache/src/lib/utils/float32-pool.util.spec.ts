import { allocPooledFloat32, copyToPooled } from './float32-pool.util';

describe('allocPooledFloat32 / copyToPooled', () => {
  it('hands out non-overlapping views of shared buffers, each keeping its own values', () => {
    const vectors = Array.from({ length: 40 }, (_, i) => copyToPooled(Float32Array.from({ length: 1536 }, (_, j) => i * 10_000 + j)));
    vectors.forEach((vector, i) => {
      expect(vector).toHaveLength(1536);
      expect(vector[0]).toBe(i * 10_000);
      expect(vector[1535]).toBe(i * 10_000 + 1535);
      expect(vector.byteOffset % 4).toBe(0);
    });
    // Several vectors share one pool; views of one pool do not overlap.
    expect(vectors[1].buffer).toBe(vectors[0].buffer);
    expect(vectors[1].byteOffset).toBe(vectors[0].byteOffset + vectors[0].byteLength);
    vectors[0].fill(-1);
    expect(vectors[1][0]).toBe(10_000);
  });

  it('gives vectors over 16 KB (more than 4096 dims) a buffer of their own', () => {
    const big = allocPooledFloat32(8192);
    expect(big.byteOffset).toBe(0);
    expect(big.buffer.byteLength).toBe(8192 * 4);
  });

  it('starts a new pool when the current one cannot hold the next vector', () => {
    const a = allocPooledFloat32(4096);
    const b = allocPooledFloat32(4096);
    const c = allocPooledFloat32(4096);
    const d = allocPooledFloat32(4096);
    const e = allocPooledFloat32(4096);
    const buffers = new Set([a, b, c, d, e].map((v) => v.buffer));
    expect(buffers.size).toBeGreaterThanOrEqual(2);
    expect(e.every((x) => x === 0)).toBe(true);
  });
});
