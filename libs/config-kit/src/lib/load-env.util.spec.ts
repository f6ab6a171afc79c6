import 'reflect-metadata';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { BooleanEnv } from './boolean-env.decorator';
import { IntegerIn } from './integer-in.decorator';
import { loadEnv } from './load-env.util';
import { UrlWithScheme } from './url-with-scheme.decorator';

class InvalidTestConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid test configuration: ${problems.join('; ')}`);
  }
}

class TestEnv {
  @UrlWithScheme(['redis', 'rediss'])
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IntegerIn(1, 65_535)
  PORT = 3000;

  @BooleanEnv()
  CACHE_REQUIRED = false;

  @IsIn(['info', 'debug'], { message: '$property must be one of info, debug' })
  LOG_LEVEL = 'info';

  @IsOptional()
  @IsString()
  CACHE_PASSWORD?: string = undefined;

  @IsIn(['a', 'b'], { message: '$property must be a or b' })
  REQUIRED_CHOICE?: string = undefined;
}

const onInvalid = (problems: string[]) => new InvalidTestConfigError(problems);
const load = (env: Record<string, unknown>) => loadEnv(TestEnv, env, { onInvalid });

describe('loadEnv', () => {
  const valid = { REQUIRED_CHOICE: 'a' };

  it('applies the defaults of the class', () => {
    expect(load(valid)).toEqual({ ...new TestEnv(), REQUIRED_CHOICE: 'a' });
    expect(load(valid)).toBeInstanceOf(TestEnv);
  });

  it('converts set values and reads only the class fields', () => {
    const parsed = load({ ...valid, PORT: '8080', CACHE_REQUIRED: 'false', OTHER: 'x' });
    expect(parsed).toMatchObject({ PORT: 8080, CACHE_REQUIRED: false });
    expect(parsed).not.toHaveProperty('OTHER');
  });

  it('treats empty values as unset', () => {
    expect(load({ ...valid, PORT: '', REDIS_URL: '' })).toEqual(load(valid));
  });

  it('names every bad variable at once, with its rule and value, each message once', () => {
    expect(() => load({ ...valid, PORT: 'http', LOG_LEVEL: 'loud' })).toThrow(
      expect.objectContaining({
        problems: ['PORT must be an integer from 1 to 65535 (got "http")', 'LOG_LEVEL must be one of info, debug (got "loud")'],
      }),
    );
    expect(() => load({ ...valid, PORT: 'http' })).toThrow(InvalidTestConfigError);
  });

  it('omits the value of an unset variable', () => {
    expect(() => load({})).toThrow(expect.objectContaining({ problems: ['REQUIRED_CHOICE must be a or b'] }));
  });

  it('redacts by default: URL passwords and secrets', () => {
    const load2 = () => load({ ...valid, REDIS_URL: 'http://user:hunter2@x', CACHE_PASSWORD: 'ignored' });
    expect(load2).toThrow('REDIS_URL must be a redis:// or rediss:// URL with a host (got "http://user:***@x/")');
    expect(load2).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });

  it('shows values through a given redact function', () => {
    const redact = jest.fn((name: string) => `<${name}>`);
    expect(() => loadEnv(TestEnv, { ...valid, PORT: '0' }, { onInvalid, redact })).toThrow('PORT must be an integer from 1 to 65535 (got "<PORT>")');
    expect(redact).toHaveBeenCalledWith('PORT', '0');
  });

  it('adds the problems of a check across variables, after the others', () => {
    const check = jest.fn((parsed: TestEnv) => (parsed.CACHE_REQUIRED && parsed.PORT === 3000 ? ['PORT must be set when CACHE_REQUIRED=true'] : []));
    expect(() => loadEnv(TestEnv, { ...valid, CACHE_REQUIRED: 'yes', LOG_LEVEL: 'loud' }, { onInvalid, check })).toThrow(
      expect.objectContaining({ problems: ['LOG_LEVEL must be one of info, debug (got "loud")', 'PORT must be set when CACHE_REQUIRED=true'] }),
    );
    expect(check).toHaveBeenCalledWith(expect.any(TestEnv), ['LOG_LEVEL must be one of info, debug (got "loud")']);
    expect(loadEnv(TestEnv, { ...valid, PORT: '80', CACHE_REQUIRED: 'yes' }, { onInvalid, check }).PORT).toBe(80);
  });
});
