import { decodeEmbedding } from './decode-embedding.util';

function base64Of(values: number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

describe('decodeEmbedding', () => {
  it('decodes base64 little-endian float32', () => {
    const values = [0.5, -1.25, 3.4028234663852886e38, 1e-7];
    expect(Array.from(decodeEmbedding(base64Of(values)) ?? [])).toEqual(Array.from(Float32Array.from(values)));
  });

  it('decodes a base64 value whose bytes would sit at an unaligned offset of the Buffer pool', () => {
    Buffer.from('x');
    expect(Array.from(decodeEmbedding(base64Of([1, 2, 3])) ?? [])).toEqual([1, 2, 3]);
  });

  it('accepts an array of numbers, as some gateways answer', () => {
    const vector = decodeEmbedding([0.1, 0.2]);
    expect(vector).toBeInstanceOf(Float32Array);
    expect(Array.from(vector ?? [])).toEqual(Array.from(Float32Array.from([0.1, 0.2])));
  });

  it.each([
    ['a byte length that is not a multiple of 4', Buffer.from([1, 2, 3]).toString('base64')],
    ['an empty string', ''],
    ['an empty array', []],
    ['an array with a non-number', [1, '2']],
    ['null', null],
    ['an object', { values: [1] }],
  ])('rejects %s', (_label, value) => {
    expect(decodeEmbedding(value)).toBeUndefined();
  });
});
