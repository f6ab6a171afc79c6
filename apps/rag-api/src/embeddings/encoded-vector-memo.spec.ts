import { EncodedVectorMemo, encodeVectorJson } from './encoded-vector-memo';

describe('EncodedVectorMemo', () => {
  it('answers the wire form of the vector it is given, in each format', () => {
    const memo = new EncodedVectorMemo(1024 * 1024);
    const vector = Float32Array.from([0.25, -1, 0.1]);
    expect(memo.encoded('a', vector, 'float').toString()).toBe(JSON.stringify([0.25, -1, Math.fround(0.1)]));
    expect(memo.encoded('a', vector, 'base64').toString()).toBe(JSON.stringify(Buffer.from(vector.buffer).toString('base64')));
  });

  it('reuses the bytes made for the same text and the same vector', () => {
    const memo = new EncodedVectorMemo(1024 * 1024);
    const first = memo.encoded('a', Float32Array.from([1, 2]), 'float');
    expect(memo.encoded('a', Float32Array.from([1, 2]), 'float')).toBe(first);
  });

  it('never answers an old wire form once the vector of the text has changed (overwritten in the cache)', () => {
    const memo = new EncodedVectorMemo(1024 * 1024);
    memo.encoded('a', Float32Array.from([1, 2]), 'float');
    expect(memo.encoded('a', Float32Array.from([1, 3]), 'float').toString()).toBe('[1,3]');
    expect(memo.encoded('a', Float32Array.from([1, 2, 0]), 'base64')).toEqual(encodeVectorJson(Float32Array.from([1, 2, 0]), 'base64'));
  });

  it('keeps both formats of a text, and a changed vector in one format never lets the other answer its old form', () => {
    const memo = new EncodedVectorMemo(1024 * 1024);
    const float = memo.encoded('a', Float32Array.from([1, 2]), 'float');
    const base64 = memo.encoded('a', Float32Array.from([1, 2]), 'base64');
    expect(memo.lookup('a', Float32Array.from([1, 2]), 'float')).toBe(float);
    expect(memo.lookup('a', Float32Array.from([1, 2]), 'base64')).toBe(base64);
    expect(memo.encoded('a', Float32Array.from([1, 4]), 'float').toString()).toBe('[1,4]');
    expect(memo.lookup('a', Float32Array.from([1, 2]), 'base64')).toBeUndefined();
    expect(memo.lookup('a', Float32Array.from([1, 4]), 'base64')).toBeUndefined();
    expect(memo.encoded('a', Float32Array.from([1, 4]), 'base64')).toEqual(encodeVectorJson(Float32Array.from([1, 4]), 'base64'));
    expect(memo.lookup('a', Float32Array.from([1, 4]), 'float')?.toString()).toBe('[1,4]');
  });

  it('is not fooled by a vector whose memory is reused: it keeps a copy of the bytes', () => {
    const memo = new EncodedVectorMemo(1024 * 1024);
    const pooled = Float32Array.from([1, 2]);
    memo.encoded('a', pooled, 'float');
    pooled[1] = 5;
    expect(memo.encoded('a', pooled, 'float').toString()).toBe('[1,5]');
  });

  it('keeps nothing of a vector it is told not to remember (a vector just computed), and still encodes it', () => {
    const memo = new EncodedVectorMemo(1024 * 1024);
    const first = memo.encoded('a', Float32Array.from([1, 2]), 'float', false);
    expect(first.toString()).toBe('[1,2]');
    expect(memo.encoded('a', Float32Array.from([1, 2]), 'float')).not.toBe(first);
  });

  it('with 0 bytes keeps nothing and still encodes', () => {
    const memo = new EncodedVectorMemo(0);
    const first = memo.encoded('a', Float32Array.from([1, 2]), 'float');
    const second = memo.encoded('a', Float32Array.from([1, 2]), 'float');
    expect(second).not.toBe(first);
    expect(second.toString()).toBe('[1,2]');
  });

  it('stays within its byte bound, dropping the least recently used', () => {
    const memo = new EncodedVectorMemo(4096);
    const vector = new Float32Array(64).fill(0.5);
    const first = memo.encoded('t0', vector, 'float');
    for (let i = 1; i < 50; i += 1) memo.encoded(`t${i}`, vector, 'float');
    expect(memo.encoded('t0', vector, 'float')).not.toBe(first);
  });
});
