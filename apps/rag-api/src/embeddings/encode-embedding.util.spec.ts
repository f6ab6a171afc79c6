import { encodeEmbedding } from './encode-embedding.util';

describe('encodeEmbedding', () => {
  const vector = Float32Array.from([0.1, -2.5, 3e-7]);

  it('float gives a plain number array of the float32 values', () => {
    const out = encodeEmbedding(vector, 'float');
    expect(Array.isArray(out)).toBe(true);
    expect(out).toEqual([Math.fround(0.1), -2.5, Math.fround(3e-7)]);
  });

  it('base64 gives little-endian float32 bytes, as OpenAI sends them', () => {
    const bytes = Buffer.from(encodeEmbedding(vector, 'base64') as string, 'base64');
    expect(bytes).toHaveLength(12);
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4), bytes.readFloatLE(8)]).toEqual(Array.from(vector));
  });

  it('base64 of a view encodes only the view', () => {
    const view = new Float32Array(Float32Array.from([9, 1, 2]).buffer, 4, 2);
    const bytes = Buffer.from(encodeEmbedding(view, 'base64') as string, 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([1, 2]);
  });
});
