import { InvalidEmbeddingsConfigError } from '../errors/invalid-embeddings-config.error';
import { embeddingsConfig, loadEmbeddingsOptions } from './embeddings.config';

const KEY = 'sk-proj-SECRET0123456789';
const logger = { log: jest.fn(), warn: jest.fn() };

function load(env: NodeJS.ProcessEnv) {
  return loadEmbeddingsOptions(env, logger);
}

beforeEach(() => {
  logger.log.mockReset();
  logger.warn.mockReset();
});

describe('embeddingsConfig', () => {
  it('is the embeddings namespace', () => {
    expect(embeddingsConfig.KEY).toBe('CONFIGURATION(embeddings)');
  });

  it('chooses the local provider when nothing is set, and says it is lexical', () => {
    expect(load({})).toEqual({ provider: 'local' });
    expect(logger.log).toHaveBeenCalledWith(expect.stringContaining('local lexical embedder local-hash-v1 (not semantic)'));
  });

  it('chooses openai with the documented defaults when OPENAI_API_KEY is set', () => {
    expect(load({ OPENAI_API_KEY: KEY })).toEqual({
      provider: 'openai',
      apiKey: KEY,
      baseURL: 'https://api.openai.com/v1',
      model: 'text-embedding-3-small',
      dimensions: undefined,
      maxRetries: 3,
      timeoutMs: 60_000,
    });
  });

  it('maps every variable', () => {
    expect(
      load({
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
        EMBEDDING_MODEL: 'nomic-embed-text',
        EMBEDDING_DIMENSIONS: '768',
        EMBEDDING_PROVIDER: 'OpenAI',
        OPENAI_MAX_RETRIES: '0',
        OPENAI_TIMEOUT_MS: '1500',
      }),
    ).toEqual({
      provider: 'openai',
      apiKey: KEY,
      baseURL: 'http://127.0.0.1:11434/v1',
      model: 'nomic-embed-text',
      dimensions: 768,
      maxRetries: 0,
      timeoutMs: 1_500,
    });
  });

  it('lets EMBEDDING_PROVIDER=local override a set key', () => {
    expect(load({ OPENAI_API_KEY: KEY, EMBEDDING_PROVIDER: 'local' })).toEqual({ provider: 'local' });
  });

  it('accepts EMBEDDING_PROVIDER=openai without a key when OPENAI_BASE_URL is set (keyless gateway)', () => {
    expect(load({ EMBEDDING_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://vllm:8000/v1' })).toMatchObject({
      provider: 'openai',
      apiKey: undefined,
      baseURL: 'http://vllm:8000/v1',
    });
  });

  it('treats empty values as unset', () => {
    expect(load({ OPENAI_API_KEY: '', EMBEDDING_DIMENSIONS: '', EMBEDDING_PROVIDER: '' })).toEqual({ provider: 'local' });
  });

  it('warns about settings the local provider ignores', () => {
    load({ EMBEDDING_MODEL: 'text-embedding-3-large', OPENAI_BASE_URL: 'http://gw/v1' });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/^EMBEDDING_MODEL=text-embedding-3-large is ignored/));
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/^OPENAI_BASE_URL is set but OPENAI_API_KEY is not; set EMBEDDING_PROVIDER=openai/));
  });

  it.each([
    [{ EMBEDDING_PROVIDER: 'openai' }, 'OPENAI_API_KEY is required when EMBEDDING_PROVIDER=openai'],
    [{ OPENAI_BASE_URL: 'localhost:11434' }, 'OPENAI_BASE_URL must be an http:// or https:// URL with a host (got "localhost:11434")'],
    [{ OPENAI_BASE_URL: '127.0.0.1:11434' }, 'OPENAI_BASE_URL must be an http:// or https:// URL with a host (got "127.0.0.1:11434")'],
    [{ OPENAI_BASE_URL: 'ftp://files.example/v1' }, 'OPENAI_BASE_URL must be an http:// or https:// URL'],
    [{ EMBEDDING_DIMENSIONS: '0' }, 'EMBEDDING_DIMENSIONS must be an integer from 1 to 8192 (got "0")'],
    [{ EMBEDDING_DIMENSIONS: '8193' }, 'EMBEDDING_DIMENSIONS must be an integer from 1 to 8192'],
    [{ EMBEDDING_DIMENSIONS: '1.5' }, 'EMBEDDING_DIMENSIONS must be an integer from 1 to 8192'],
    [{ EMBEDDING_DIMENSIONS: 'wide' }, 'EMBEDDING_DIMENSIONS must be an integer from 1 to 8192'],
    [{ EMBEDDING_DIMENSIONS: '1536' }, 'EMBEDDING_DIMENSIONS=1536 cannot be served by the local provider'],
    [{ EMBEDDING_PROVIDER: 'cohere' }, 'EMBEDDING_PROVIDER must be openai or local (got "cohere")'],
    [{ OPENAI_MAX_RETRIES: '11' }, 'OPENAI_MAX_RETRIES must be an integer from 0 to 10 (got "11")'],
    [{ OPENAI_MAX_RETRIES: '-1' }, 'OPENAI_MAX_RETRIES must be an integer from 0 to 10'],
    [{ OPENAI_TIMEOUT_MS: '0' }, 'OPENAI_TIMEOUT_MS must be an integer from 1 to 600000'],
    [{ EMBEDDING_MODEL: 'm'.repeat(257) }, 'EMBEDDING_MODEL must be 1-256 characters'],
    [{ OPENAI_API_KEY: `${KEY}\n` }, 'OPENAI_API_KEY must not contain whitespace (check for a trailing newline)'],
  ])('fails at boot on %j, naming the variable', (env, message) => {
    expect(() => load(env)).toThrow(InvalidEmbeddingsConfigError);
    expect(() => load(env)).toThrow(message);
  });

  it('maps EMBEDDING_MODEL_ALIASES to modelAliases, trimming each name and keeping the order', () => {
    expect(load({ EMBEDDING_MODEL_ALIASES: ' text-embedding-ada-002 ,text-embedding-3-small' })).toEqual({
      provider: 'local',
      modelAliases: ['text-embedding-ada-002', 'text-embedding-3-small'],
    });
    expect(load({ OPENAI_API_KEY: KEY, EMBEDDING_MODEL_ALIASES: 'ada' })).toMatchObject({ provider: 'openai', modelAliases: ['ada'] });
  });

  it('accepts an alias differing from the served model only in case, since matching is exact', () => {
    expect(load({ EMBEDDING_MODEL_ALIASES: 'LOCAL-HASH-V1' })).toMatchObject({ modelAliases: ['LOCAL-HASH-V1'] });
  });

  it.each([
    [{ EMBEDDING_MODEL_ALIASES: 'a,,b' }, 'EMBEDDING_MODEL_ALIASES must not have an empty name (got "a,,b")'],
    [{ EMBEDDING_MODEL_ALIASES: 'a,' }, 'EMBEDDING_MODEL_ALIASES must not have an empty name (got "a,")'],
    [{ EMBEDDING_MODEL_ALIASES: 'ada,ada' }, 'EMBEDDING_MODEL_ALIASES lists "ada" twice (got "ada,ada")'],
    [{ EMBEDDING_MODEL_ALIASES: 'my model' }, 'EMBEDDING_MODEL_ALIASES: "my model" must be 1-256 characters'],
    [{ EMBEDDING_MODEL_ALIASES: `ok,${'m'.repeat(257)}` }, 'must be 1-256 characters of letters, digits and . _ - : / @ +'],
    [{ EMBEDDING_MODEL_ALIASES: 'local-hash-v1' }, 'EMBEDDING_MODEL_ALIASES must not list the served model "local-hash-v1"'],
    [
      { OPENAI_API_KEY: KEY, EMBEDDING_MODEL: 'nomic-embed-text', EMBEDDING_MODEL_ALIASES: 'ada,nomic-embed-text' },
      'EMBEDDING_MODEL_ALIASES must not list the served model "nomic-embed-text" (got "ada,nomic-embed-text")',
    ],
  ])('fails at boot on a bad alias list %j, naming the variable', (env, message) => {
    expect(() => load(env)).toThrow(InvalidEmbeddingsConfigError);
    expect(() => load(env)).toThrow(message);
  });

  it('lists every bad variable at once', () => {
    expect(() => load({ EMBEDDING_DIMENSIONS: '0', OPENAI_BASE_URL: 'nope' })).toThrow(
      /OPENAI_BASE_URL.*; .*EMBEDDING_DIMENSIONS|EMBEDDING_DIMENSIONS.*; .*OPENAI_BASE_URL/,
    );
  });

  it.each([
    { OPENAI_API_KEY: `${KEY} `, OPENAI_BASE_URL: 'bad', EMBEDDING_DIMENSIONS: '0' },
    { OPENAI_API_KEY: `${KEY}\r\n`, OPENAI_TIMEOUT_MS: '-5' },
    { OPENAI_API_KEY: KEY, EMBEDDING_PROVIDER: 'bogus' },
    { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `ftp://user:${KEY}@gw.example/v1` },
  ])('never repeats the API key: %#', (env) => {
    expect(() => load(env)).toThrow(InvalidEmbeddingsConfigError);
    expect(() => load(env)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('SECRET0123456789') }));
  });

  it('never repeats a password of OPENAI_BASE_URL', () => {
    expect(() => load({ OPENAI_BASE_URL: 'ftp://u:hunter2@host/v1' })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('ftp://u:***@host/v1') }),
    );
  });
});
