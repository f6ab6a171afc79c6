import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsIntegerIn } from './is-integer-in.decorator';

class Body {
  @IsIntegerIn(1, 100)
  topK?: unknown;
}

function problems(topK: unknown): string[] {
  return validateSync(plainToInstance(Body, { topK })).flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('IsIntegerIn', () => {
  it.each([1, 50, 100])('accepts %j', (value) => {
    expect(problems(value)).toEqual([]);
  });

  it.each([0, 101, 2.5, '5', null])('rejects %j with the one range message', (value) => {
    const found = problems(value);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set(['topK must be an integer from 1 to 100']));
  });
});
