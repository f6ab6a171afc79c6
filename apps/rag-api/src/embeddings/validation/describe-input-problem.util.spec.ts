import { describeInputProblem } from './describe-input-problem.util';

describe('describeInputProblem', () => {
  it.each([
    ['a string', 'hello'],
    ['an array of strings', ['a', 'b']],
    ['2048 items', Array.from({ length: 2048 }, () => 'x')],
    ['a text of exactly the limit', 'x'.repeat(10)],
  ])('accepts %s', (_name, input) => {
    expect(describeInputProblem(input, 10)).toBeNull();
  });

  it.each([
    [undefined, 'input is required: a string or an array of strings'],
    [null, 'input is required: a string or an array of strings'],
    [42, 'input must be a string or an array of strings'],
    [{ text: 'a' }, 'input must be a string or an array of strings'],
    ['', 'input must not be an empty string'],
    [[], 'input must not be an empty array'],
    [['a', 3], 'input[1] must be a string (token arrays are not supported)'],
    [['a', ''], 'input[1] must not be an empty string'],
    ['x'.repeat(11), 'input is longer than 10 characters (11); split it or raise EMBEDDING_MAX_INPUT_CHARS'],
    [['ok', 'x'.repeat(11)], 'input[1] is longer than 10 characters (11); split it or raise EMBEDDING_MAX_INPUT_CHARS'],
    [Array.from({ length: 2049 }, () => 'x'), 'input must have at most 2048 items (got 2049)'],
  ])('rejects %j naming the field', (input, message) => {
    expect(describeInputProblem(input, 10)).toBe(message);
  });
});
