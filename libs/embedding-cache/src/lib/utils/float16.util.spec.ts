import { decodeVector } from './decode-vector.util';
import { encodeVector } from './encode-vector.util';
import { FLOAT16_MAX, float16Table, toFloat16Bits } from './float16.util';
import { VECTOR_DTYPE_FLOAT16, VECTOR_DTYPE_FLOAT32, VECTOR_HEADER_BYTES } from './vector-format.constants';

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

describe('float16', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff],
    [65520, 0x7c00],
    [2 ** -24, 0x0001],
    [2 ** -14, 0x0400],
    [Infinity, 0x7c00],
    [1 + 2 ** -11, 0x3c00],
    [1 + 3 * 2 ** -11, 0x3c02],
  ])('encodes %d as 0x%s (round to nearest even)', (value, bits) => {
    expect(toFloat16Bits(value)).toBe(bits);
  });

  it('decodes every finite bit pattern back to itself', () => {
    const table = float16Table();
    for (let bits = 0; bits < 0x7c00; bits += 1) expect(toFloat16Bits(table[bits])).toBe(bits);
  });

  it('a float16 value has half the bytes and reads back with cosine ≥ 0.9999 for embedding-like vectors', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    for (const dims of [384, 1536, 3072]) {
      const raw = Array.from({ length: dims }, () => random() * 0.1);
      const norm = Math.hypot(...raw);
      const vector = raw.map((x) => x / norm);
      const value = encodeVector(vector, 'float16');
      expect(value[2]).toBe(VECTOR_DTYPE_FLOAT16);
      expect(value.length).toBe(VECTOR_HEADER_BYTES + 2 * dims);
      const back = decodeVector(value) as Float32Array;
      expect(back).toHaveLength(dims);
      expect(cosine(vector, back)).toBeGreaterThanOrEqual(0.9999);
    }
  });

  it('writes a vector beyond the float16 range as float32, which readers accept too', () => {
    const value = encodeVector([1, FLOAT16_MAX * 2], 'float16');
    expect(value[2]).toBe(VECTOR_DTYPE_FLOAT32);
    expect(Array.from(decodeVector(value) ?? [])).toEqual([1, FLOAT16_MAX * 2]);
  });

  it('rejects a float16 value of the wrong length', () => {
    expect(decodeVector(encodeVector([0.5, 0.25, 0.125], 'float16').subarray(0, 12))).toBeNull();
  });
});
