import { decodeVector } from './decode-vector.util';
import { encodeVector } from './encode-vector.util';
import { VECTOR_HEADER_BYTES } from './vector-format.constants';

describe('encodeVector / decodeVector', () => {
  it('round-trips number[] to a Float32Array equal to Math.fround of each input', () => {
    const input = [0.1, -0.2, 1 / 3, 1e-8, -123.456, 0];
    const decoded = decodeVector(encodeVector(input));
    expect(decoded).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded ?? [])).toEqual(input.map((x) => Math.fround(x)));
  });

  it('round-trips a Float32Array bit for bit', () => {
    const input = Float32Array.from({ length: 1536 }, (_, i) => Math.sin(i) / 7);
    expect(decodeVector(encodeVector(input))).toEqual(input);
  });

  it('stores at most 4·dims + 16 bytes with an 8-byte header', () => {
    for (const dims of [1, 384, 1536, 3072]) {
      const value = encodeVector(new Float32Array(dims));
      expect(value.length).toBe(VECTOR_HEADER_BYTES + 4 * dims);
      expect(value.length).toBeLessThanOrEqual(4 * dims + 16);
    }
  });

  it('decodes from an unaligned Buffer (as ioredis returns them)', () => {
    const encoded = encodeVector([1, 2, 3]);
    const unaligned = Buffer.concat([Buffer.from([7]), encoded]).subarray(1);
    expect(unaligned.byteOffset % 4).not.toBe(0);
    expect(Array.from(decodeVector(unaligned) ?? [])).toEqual([1, 2, 3]);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['JSON text', Buffer.from('[0.1,0.2,0.3]')],
    ['raw float32 without header', Buffer.from(new Float32Array([1, 2, 3, 4]).buffer)],
    ['truncated', encodeVector([1, 2, 3]).subarray(0, 16)],
    ['too long', Buffer.concat([encodeVector([1, 2, 3]), Buffer.alloc(4)])],
    ['unknown version', Object.assign(encodeVector([1, 2]), { 1: 9 })],
    ['unknown element type', Object.assign(encodeVector([1, 2]), { 2: 9 })],
    ['zero dims', encodeVector([1]).subarray(0, VECTOR_HEADER_BYTES).fill(0, 4)],
  ])('returns null for a %s value', (_name, value) => {
    expect(decodeVector(value)).toBeNull();
  });

  it.each([
    ['NaN', Number.NaN],
    ['+Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('returns null for a well-formed float32 value holding %s', (_name, bad) => {
    for (const at of [0, 5, 383]) {
      const vector = Array.from({ length: 384 }, (_, i) => (i === at ? bad : Math.sin(i) / 10));
      expect(decodeVector(encodeVector(vector))).toBeNull();
    }
  });

  it.each([
    ['NaN', 0x7e00],
    ['+Infinity', 0x7c00],
    ['-Infinity', 0xfc00],
  ])('returns null for a well-formed float16 value holding %s', (_name, bits) => {
    const value = encodeVector([0.5, 0.25, 0.125], 'float16');
    value.writeUInt16LE(bits, VECTOR_HEADER_BYTES + 2);
    expect(decodeVector(value)).toBeNull();
  });

  it('keeps the largest finite float32 values, subnormals and signed zeros', () => {
    const edge = [3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, -1.1754943508222875e-38, -0, 0];
    const decoded = decodeVector(encodeVector(edge));
    expect(decoded).not.toBeNull();
    Array.from(decoded ?? []).forEach((x, i) => expect(Object.is(x, edge[i])).toBe(true));
  });

  it('returns null when the caller states other dims, and the vector when they match', () => {
    const value = encodeVector([1, 2, 3]);
    expect(decodeVector(value, undefined, 384)).toBeNull();
    expect(Array.from(decodeVector(value, undefined, 3) ?? [])).toEqual([1, 2, 3]);
    expect(decodeVector(encodeVector([1, 2, 3], 'float16'), undefined, 4)).toBeNull();
  });
});
