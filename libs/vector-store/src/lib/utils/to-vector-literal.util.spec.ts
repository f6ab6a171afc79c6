import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { toVectorLiteral } from './to-vector-literal.util';

describe('toVectorLiteral', () => {
  it('writes a pgvector literal from numbers or a Float32Array', () => {
    expect(toVectorLiteral([1, 0, -0.5])).toBe('[1,0,-0.5]');
    expect(toVectorLiteral(new Float32Array([0.25, -2, 3]))).toBe('[0.25,-2,3]');
  });

  it('uses the fewest digits that read back as the same float32', () => {
    const values = new Float32Array([0.1, 1 / 3, -123.456, 1e-7, 3.4e38, 1.17549435e-38, 0.333333343267]);
    const literal = toVectorLiteral(values);
    const parsed = literal.slice(1, -1).split(',').map(Number);
    expect(Array.from(new Float32Array(parsed))).toEqual(Array.from(values));
    expect(literal.startsWith('[0.1,0.33333334,-123.456,1e-7,')).toBe(true);
  });

  it('writes -0 as 0 and accepts exponents', () => {
    expect(toVectorLiteral([-0, 1e-30])).toBe('[0,1e-30]');
  });

  it.each([
    [[], 'embedding must not be empty'],
    [[1, Number.NaN], 'embedding[1] must be a finite number (got NaN)'],
    [[Number.POSITIVE_INFINITY], 'embedding[0] must be a finite number (got Infinity)'],
    [[1e39], 'embedding[0] is out of float32 range'],
    [[0, 0, 0], 'embedding must not be all zeros'],
    [[1, '2'], 'embedding[1] must be a finite number (got 2)'],
  ])('rejects %j', (input, message) => {
    expect(() => toVectorLiteral(input as number[])).toThrow(InvalidArgumentError);
    expect(() => toVectorLiteral(input as number[])).toThrow(message);
  });

  it('names the argument and rejects non-arrays', () => {
    expect(() => toVectorLiteral({ length: 1 } as unknown as number[], 'chunks[2].embedding')).toThrow(
      'chunks[2].embedding must be a Float32Array or an array of numbers',
    );
    expect(() => toVectorLiteral([Number.NaN], 'chunks[2].embedding')).toThrow('chunks[2].embedding[0]');
  });
});
