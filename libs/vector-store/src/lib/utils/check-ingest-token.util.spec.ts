import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { checkIngestToken } from './check-ingest-token.util';

describe('checkIngestToken', () => {
  it('accepts a string of 1-256 characters', () => {
    expect(checkIngestToken('t')).toBe('t');
    expect(checkIngestToken('x'.repeat(256))).toBe('x'.repeat(256));
  });

  it.each([[''], ['x'.repeat(257)], [42], [undefined]])('rejects %p without repeating it', (token) => {
    expect(() => checkIngestToken(token)).toThrow(InvalidArgumentError);
    expect(() => checkIngestToken(token)).toThrow(/^ingestToken must be a string of 1-256 characters$/);
  });
});
