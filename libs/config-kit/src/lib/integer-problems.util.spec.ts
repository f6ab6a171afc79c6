import { integerProblems } from './integer-problems.util';

describe('integerProblems', () => {
  const ranges = { timeoutMs: [1, 10_000], l1MaxMb: [0, 65_536] } as const;

  it('finds nothing when every value is an integer in range, bounds included', () => {
    expect(integerProblems({ timeoutMs: 10_000, l1MaxMb: 0 }, ranges)).toEqual([]);
  });

  it('names each bad value with its range and the JSON of what was given, in the order of ranges', () => {
    expect(integerProblems({ l1MaxMb: 1.5, timeoutMs: 0 }, ranges)).toEqual([
      'timeoutMs must be an integer from 1 to 10000 (got 0)',
      'l1MaxMb must be an integer from 0 to 65536 (got 1.5)',
    ]);
  });

  it.each([['5'], [null], [Number.NaN], [undefined], [10_001]])('rejects %j', (value) => {
    expect(integerProblems({ timeoutMs: value }, { timeoutMs: [1, 10_000] })).toHaveLength(1);
  });

  it('shows an unset value as undefined unless it is optional', () => {
    expect(integerProblems({}, { dimensions: [1, 16_000] })).toEqual(['dimensions must be an integer from 1 to 16000 (got undefined)']);
    expect(integerProblems({}, { dimensions: [1, 16_000] }, { optional: ['dimensions'] })).toEqual([]);
    expect(integerProblems({ dimensions: 0 }, { dimensions: [1, 16_000] }, { optional: ['dimensions'] })).toHaveLength(1);
  });

  it('shows a label instead of the key when given one', () => {
    expect(integerProblems({ poolSize: 0 }, { poolSize: [1, 100] }, { labels: { poolSize: 'poolSize (VECTOR_STORE_POOL_SIZE)' } })).toEqual([
      'poolSize (VECTOR_STORE_POOL_SIZE) must be an integer from 1 to 100 (got 0)',
    ]);
  });
});
