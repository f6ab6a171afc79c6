import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { checkContentHash } from './check-content-hash.util';

describe('checkContentHash', () => {
  it('gives null for an absent hash and the hash otherwise', () => {
    expect(checkContentHash(undefined)).toBeNull();
    expect(checkContentHash(null)).toBeNull();
    expect(checkContentHash('abc')).toBe('abc');
  });

  it.each([[''], ['h'.repeat(257)], [5]])('rejects %p', (hash) => {
    expect(() => checkContentHash(hash)).toThrow(InvalidArgumentError);
    expect(() => checkContentHash(hash)).toThrow('contentHash must be a string of 1-256 characters or null');
  });
});
