import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IntegerIn } from './integer-in.decorator';

class PortEnv {
  @IntegerIn(1, 65_535)
  PORT = 3000;
}

const check = (raw: unknown) => {
  const parsed = plainToInstance(PortEnv, { PORT: raw }, { enableImplicitConversion: true });
  return { parsed, errors: validateSync(parsed) };
};

describe('IntegerIn', () => {
  it.each([
    ['1', 1],
    ['65535', 65_535],
    [' 8080 ', 8080],
  ])('converts %j to %d and accepts it', (raw, value) => {
    const { parsed, errors } = check(raw);
    expect(errors).toEqual([]);
    expect(parsed.PORT).toBe(value);
  });

  it.each([['0', ['min']], ['65536', ['max']], ['80.5', ['isInt']], ['http', ['isInt', 'min', 'max']]])(
    'rejects %j with the rules %j, all with one message',
    (raw, rules) => {
      const [error] = check(raw).errors;
      expect(Object.keys(error.constraints ?? {}).sort()).toEqual([...rules].sort());
      expect(new Set(Object.values(error.constraints ?? {}))).toEqual(new Set(['PORT must be an integer from 1 to 65535']));
    },
  );
});
