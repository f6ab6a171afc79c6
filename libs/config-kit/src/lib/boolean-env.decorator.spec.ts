import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BooleanEnv } from './boolean-env.decorator';

class FlagEnv {
  @BooleanEnv()
  CACHE_REQUIRED = false;
}

const check = (raw: unknown) => {
  const parsed = plainToInstance(FlagEnv, { CACHE_REQUIRED: raw }, { enableImplicitConversion: true });
  return { parsed, errors: validateSync(parsed) };
};

describe('BooleanEnv', () => {
  it.each([
    ['false', false],
    ['0', false],
    ['TRUE', true],
    ['on', true],
  ])('reads %j as %s despite implicit conversion', (raw, value) => {
    const { parsed, errors } = check(raw);
    expect(errors).toEqual([]);
    expect(parsed.CACHE_REQUIRED).toBe(value);
  });

  it('keeps the default when unset', () => {
    expect(plainToInstance(FlagEnv, {}, { enableImplicitConversion: true }).CACHE_REQUIRED).toBe(false);
  });

  it('rejects anything else naming the variable', () => {
    const [error] = check('sometimes').errors;
    expect(Object.values(error.constraints ?? {})).toEqual(['CACHE_REQUIRED must be true or false']);
  });
});
