import { describeModelAliasesProblem } from './describe-model-aliases-problem.util';

describe('describeModelAliasesProblem', () => {
  it.each([
    [['text-embedding-ada-002', 'text-embedding-3-small']],
    [['nomic-embed-text:latest', 'BAAI/bge-small-en-v1.5', 'org@v2+fp16', 'a_b.c']],
    [['m'.repeat(256)]],
  ])('accepts %j', (names) => {
    expect(describeModelAliasesProblem(names, 'ALIASES')).toBeNull();
  });

  it.each([
    ['x', 'ALIASES must be a comma-separated list of model names'],
    [[1], 'ALIASES must be a comma-separated list of model names'],
    [['a', ''], 'ALIASES must not have an empty name'],
    [['a b'], 'ALIASES: "a b" must be 1-256 characters of letters, digits and . _ - : / @ +'],
    [['é'], 'ALIASES: "é" must be 1-256 characters'],
    [['m'.repeat(257)], 'must be 1-256 characters'],
    [['a', 'b', 'a'], 'ALIASES lists "a" twice'],
  ])('rejects %j naming the variable', (names, message) => {
    expect(describeModelAliasesProblem(names, 'ALIASES')).toContain(message);
  });
});
