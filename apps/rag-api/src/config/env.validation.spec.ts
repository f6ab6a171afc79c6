import { resolveJobsInProcess, validateEnv } from './env.validation';

describe('validateEnv (rag-api)', () => {
  it('applies the defaults', () => {
    expect(validateEnv({})).toMatchObject({ PORT: 3000, EMBEDDING_MAX_INPUT_CHARS: 32_768, EMBEDDING_CACHE_REQUIRED: false, LOG_LEVEL: 'info', HTTP_MAX_INFLIGHT_BODY_BYTES: 16_777_216, HTTP_FAST_PATH: true });
  });

  it('accepts a comma-separated list of header names to redact', () => {
    expect(validateEnv({ LOG_REDACT_HEADERS: ' X-Internal-Token , x-gateway.key ' })).toMatchObject({ LOG_REDACT_HEADERS: ' X-Internal-Token , x-gateway.key ' });
  });

  it('parses set values and keeps other variables', () => {
    expect(validateEnv({ PORT: '8080', EMBEDDING_CACHE_REQUIRED: 'true', HTTP_FAST_PATH: 'false', OTHER: 'x' })).toMatchObject({
      PORT: 8080,
      EMBEDDING_CACHE_REQUIRED: true,
      HTTP_FAST_PATH: false,
      OTHER: 'x',
    });
  });

  it.each([
    [{ PORT: '0' }, 'PORT must be an integer from 1 to 65535'],
    [{ PORT: 'http' }, 'PORT must be an integer from 1 to 65535'],
    [{ EMBEDDING_MAX_INPUT_CHARS: '-1' }, 'EMBEDDING_MAX_INPUT_CHARS must be an integer'],
    [{ HTTP_MAX_INFLIGHT_BODY_BYTES: '1000' }, 'HTTP_MAX_INFLIGHT_BODY_BYTES must be an integer from 1048576'],
    [{ EMBEDDING_CACHE_REQUIRED: 'sometimes' }, 'EMBEDDING_CACHE_REQUIRED must be true or false'],
    [{ HTTP_FAST_PATH: 'fast' }, 'HTTP_FAST_PATH must be true or false'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ JOBS_IN_PROCESS: 'sometimes' }, 'JOBS_IN_PROCESS must be one of auto, true, false'],
    [{ LOG_REDACT_HEADERS: 'x-token, bad header' }, 'LOG_REDACT_HEADERS must be a comma-separated list of HTTP header names'],
    [{ LOG_REDACT_HEADERS: 'x-token,,y' }, 'LOG_REDACT_HEADERS must be a comma-separated list of HTTP header names'],
  ])('fails on %j naming the variable', (env, message) => {
    expect(() => validateEnv(env)).toThrow(message);
  });

  it.each([
    [{}, true],
    [{ DATABASE_URL: 'postgres://db/rag' }, false],
    [{ DATABASE_URL: 'postgres://db/rag', JOBS_IN_PROCESS: 'true' }, true],
    [{ JOBS_IN_PROCESS: 'false' }, false],
    [{ JOBS_IN_PROCESS: 'AUTO', DATABASE_URL: ' ' }, true],
    [{ JOBS_IN_PROCESS: ' True ' }, true],
  ])('JOBS_IN_PROCESS with %j runs the processor in rag-api: %s', (env, expected) => {
    expect(resolveJobsInProcess(env)).toBe(expected);
    expect(() => validateEnv(env)).not.toThrow();
  });
});

describe('validateEnv (rag-api) boot message', () => {
  it('names the variable, the rule once and the value as set', () => {
    expect(() => validateEnv({ PORT: 'http' })).toThrow(
      new Error('Invalid rag-api configuration: PORT must be an integer from 1 to 65535 (got "http")'),
    );
  });

  it('lists every bad variable and never echoes a password of REDIS_URL', () => {
    const load = () => validateEnv({ REDIS_URL: 'http://user:hunter2@cache:6379', EMBEDDING_CACHE_REQUIRED: 'sometimes' });
    expect(load).toThrow(
      'REDIS_URL must be a redis:// or rediss:// URL with a host (got "http://user:***@cache:6379/"); EMBEDDING_CACHE_REQUIRED must be true or false (got "sometimes")',
    );
    expect(load).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});
