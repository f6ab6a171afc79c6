import { InvalidProviderOutputError } from '../errors/invalid-provider-output.error';
import { ProviderError } from '../errors/provider.error';
import { checkProviderOutput } from './check-provider-output.util';

const expected = { model: 'm', count: 2, dimensions: 3 };

describe('checkProviderOutput', () => {
  it('returns one Float32Array per text, keeping those given and converting number[]', () => {
    const given = new Float32Array([0.1, 0.2, 0.3]);
    const [kept, converted] = checkProviderOutput([given, [1, 0, -1]], expected);
    expect(kept).toBe(given);
    expect(converted).toEqual(new Float32Array([1, 0, -1]));
  });

  it('accepts any length when the dimensions are not known yet (0), as long as every vector agrees', () => {
    expect(checkProviderOutput([[1, 2], [3, 4]], { ...expected, dimensions: 0 })).toHaveLength(2);
    expect(() => checkProviderOutput([[1, 2], [3, 4, 5]], { ...expected, dimensions: 0 })).toThrow('vector 1 has 3 dimensions, expected 2');
  });

  it.each([
    ['not a list', { data: [] }, 'returned no list of vectors'],
    ['too few vectors', [[1, 2, 3]], 'returned 1 vectors for 2 texts'],
    ['too many vectors', [[1, 2, 3], [1, 2, 3], [1, 2, 3]], 'returned 3 vectors for 2 texts'],
    ['a vector that is not a list of numbers', [[1, 2, 3], 'abc'], 'vector 1 is not a list of numbers'],
    ['a vector holding a non-number', [[1, 2, 3], [1, null, 3]], 'vector 1 is not a list of numbers'],
    ['an empty vector', [[1, 2, 3], []], 'vector 1 has 0 dimensions, expected 3'],
    ['wrong dimensions', [[1, 2, 3], [1, 2]], 'vector 1 has 2 dimensions, expected 3'],
    ['NaN', [[1, 2, 3], [1, Number.NaN, 3]], 'vector 1 holds NaN at element 1'],
    ['+Infinity', [[Number.POSITIVE_INFINITY, 2, 3], [1, 2, 3]], 'vector 0 holds Infinity at element 0'],
    ['-Infinity', [new Float32Array([1, 2, Number.NEGATIVE_INFINITY]), [1, 2, 3]], 'vector 0 holds -Infinity at element 2'],
    ['a float64 beyond float32', [[1, 2, 1e39], [1, 2, 3]], 'vector 0 holds Infinity at element 2'],
    ['an all-zero vector', [[1, 2, 3], [0, -0, 0]], 'vector 1 is all zeros'],
    ['a vector that rounds to zero in float32', [[1, 2, 3], [1e-50, 0, 0]], 'vector 1 is all zeros'],
  ])('rejects %s as an InvalidProviderOutputError (a ProviderError without status)', (_case, output, problem) => {
    const check = () => checkProviderOutput(output, expected);
    expect(check).toThrow(InvalidProviderOutputError);
    expect(check).toThrow(ProviderError);
    expect(check).toThrow(expect.objectContaining({ model: 'm', status: undefined, problem }));
  });
});
