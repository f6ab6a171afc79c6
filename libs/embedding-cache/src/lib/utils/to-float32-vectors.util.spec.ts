import { InvalidVectorError } from '../errors/invalid-vector.error';
import { toFloat32Vectors } from './to-float32-vectors.util';

describe('toFloat32Vectors', () => {
  it('converts number[] and keeps a Float32Array as it is', () => {
    const given = new Float32Array([3, 4]);
    const [converted, kept] = toFloat32Vectors([[1, 2], given], 2);
    expect(converted).toEqual(new Float32Array([1, 2]));
    expect(kept).toBe(given);
  });

  it("without stated dims, every vector must have the first one's length", () => {
    expect(() => toFloat32Vectors([[1], [1, 2]], 2)).toThrow('compute()[1] has 2 dimensions, expected 1');
  });

  it('with stated dims, every vector must have them, the first one included', () => {
    expect(() => toFloat32Vectors([[1, 2, 3], [1, 2, 3]], 2, 4)).toThrow('compute()[0] has 3 dimensions, expected 4');
    expect(toFloat32Vectors([[1, 2, 3, 4]], 1, 4)).toHaveLength(1);
  });

  it.each([
    ['the wrong count', [[1]], 'compute must return one vector per text: expected 2, got 1'],
    ['a NaN', [[1], [Number.NaN]], 'compute()[1][0] must be a finite number (got NaN)'],
    ['an empty vector', [[1], []], 'compute()[1] must be a non-empty array'],
  ])('rejects %s with InvalidVectorError', (_case, computed, message) => {
    expect(() => toFloat32Vectors(computed, 2)).toThrow(InvalidVectorError);
    expect(() => toFloat32Vectors(computed, 2)).toThrow(message);
  });
});
