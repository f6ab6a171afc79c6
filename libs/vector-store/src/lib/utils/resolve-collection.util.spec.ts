import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { resolveCollection } from './resolve-collection.util';

describe('resolveCollection', () => {
  it('gives the named collection, or the default when none is named', () => {
    expect(resolveCollection('docs', 'default')).toBe('docs');
    expect(resolveCollection(undefined, 'default')).toBe('default');
  });

  it.each([[''], ['c'.repeat(256)]])('rejects %p', (collection) => {
    expect(() => resolveCollection(collection, 'default')).toThrow(InvalidArgumentError);
    expect(() => resolveCollection(collection, 'default')).toThrow('collection must be a string of 1-255 characters');
  });
});
