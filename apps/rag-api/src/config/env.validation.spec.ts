import { validateEnv } from './env.validation';

describe('validateEnv (rag-api)', () => {
  it('applies the defaults', () => {
    expect(validateEnv({})).toMatchObject({ PORT: 3000, EMBEDDING_MAX_INPUT_CHARS: 32_768, EMBEDDING_CACHE_REQUIRED: false, LOG_LEVEL: 'info' });
  });

  it('parses set values and keeps other variables', () => {
    expect(validateEnv({ PORT: '8080', EMBEDDING_CACHE_REQUIRED: 'true', OTHER: 'x' })).toMatchObject({
      PORT: 8080,
      EMBEDDING_CACHE_REQUIRED: true,
      OTHER: 'x',
    });
  });

  it.each([
    [{ PORT: '0' }, 'PORT must be an integer from 1 to 65535'],
    [{ PORT: 'http' }, 'PORT must be an integer from 1 to 65535'],
    [{ EMBEDDING_MAX_INPUT_CHARS: '-1' }, 'EMBEDDING_MAX_INPUT_CHARS must be an integer'],
    [{ EMBEDDING_CACHE_REQUIRED: 'sometimes' }, 'EMBEDDING_CACHE_REQUIRED must be true or false'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
  ])('fails on %j naming the variable', (env, message) => {
    expect(() => validateEnv(env)).toThrow(message);
  });
});
