import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { checkDocumentId } from './check-document-id.util';

describe('checkDocumentId', () => {
  it('accepts a string of 1-1024 characters', () => {
    expect(checkDocumentId('a')).toBe('a');
    expect(checkDocumentId('d'.repeat(1024))).toBe('d'.repeat(1024));
  });

  it.each([[''], ['d'.repeat(1025)], [7], [null]])('rejects %p, naming the value', (id) => {
    expect(() => checkDocumentId(id)).toThrow(InvalidArgumentError);
    expect(() => checkDocumentId(id)).toThrow(`id must be a string of 1-1024 characters (got ${JSON.stringify(id)})`);
  });
});
