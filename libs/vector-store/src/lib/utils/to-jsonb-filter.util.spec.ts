import { InvalidArgumentError } from '../errors/invalid-argument.error';
import type { MetadataFilter } from '../interfaces/metadata-filter.interface';
import { toJsonbFilter } from './to-jsonb-filter.util';

describe('toJsonbFilter', () => {
  it('serialises top-level string, number and boolean values', () => {
    expect(toJsonbFilter({ lang: 'en', year: 2024, draft: false })).toBe('{"lang":"en","year":2024,"draft":false}');
  });

  it('gives undefined when there is nothing to filter on', () => {
    expect(toJsonbFilter(undefined)).toBeUndefined();
    expect(toJsonbFilter({})).toBeUndefined();
  });

  it.each([
    [{ tags: ['a'] }, 'filter.tags must be a string, a finite number or a boolean (got an array)'],
    [{ nested: { a: 1 } }, 'filter.nested must be a string, a finite number or a boolean (got object)'],
    [{ none: null }, 'filter.none must be a string, a finite number or a boolean (got null)'],
    [{ n: Number.NaN }, 'filter.n must be a string, a finite number or a boolean (got NaN)'],
    [{ '': 'x' }, 'filter keys must not be empty'],
    [['a'], 'filter must be an object'],
    [null, 'filter must be an object'],
  ])('rejects %j', (filter, message) => {
    expect(() => toJsonbFilter(filter as unknown as MetadataFilter)).toThrow(InvalidArgumentError);
    expect(() => toJsonbFilter(filter as unknown as MetadataFilter)).toThrow(message);
  });
});
