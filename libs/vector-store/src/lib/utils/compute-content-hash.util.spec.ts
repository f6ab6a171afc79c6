import { createHash } from 'node:crypto';
import { computeContentHash } from './compute-content-hash.util';

const params = { chunkSize: 1000, chunkOverlap: 200 };

describe('computeContentHash', () => {
  it('is the SHA-256 of a JSON header and the text', () => {
    const expected = createHash('sha256')
      .update('{"chunker":1,"chunkSize":1000,"chunkOverlap":200,"model":null}\nhello')
      .digest('hex');
    expect(computeContentHash('hello', params)).toBe(expected);
    expect(computeContentHash('hello', params)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable for the same input', () => {
    expect(computeContentHash('same text', params)).toBe(computeContentHash('same text', { ...params }));
  });

  it.each([
    ['the text', { text: 'hello!', params }],
    ['chunkSize', { text: 'hello', params: { ...params, chunkSize: 999 } }],
    ['chunkOverlap', { text: 'hello', params: { ...params, chunkOverlap: 0 } }],
    ['the model', { text: 'hello', params: { ...params, model: 'text-embedding-3-small' } }],
  ])('changes with %s', (_, { text, params: other }) => {
    expect(computeContentHash(text, other)).not.toBe(computeContentHash('hello', params));
  });

  it('takes the text exactly as given (no trimming or normalisation)', () => {
    expect(computeContentHash('é', params)).not.toBe(computeContentHash('e\u0301', params));
    expect(computeContentHash('a ', params)).not.toBe(computeContentHash('a', params));
  });
});
