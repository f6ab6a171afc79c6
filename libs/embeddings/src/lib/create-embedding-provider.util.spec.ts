import { createEmbeddingProvider } from './create-embedding-provider.util';
import { InvalidEmbeddingsConfigError } from './errors/invalid-embeddings-config.error';
import type { EmbeddingsModuleOptions } from './interfaces/embeddings-module-options.interface';
import { LocalEmbeddingProvider } from './providers/local/local-embedding.provider';
import { OpenAIEmbeddingProvider } from './providers/openai/openai-embedding.provider';

const KEY = 'sk-test-SECRET';

describe('createEmbeddingProvider', () => {
  it('builds the local provider without options or key', () => {
    expect(createEmbeddingProvider()).toBeInstanceOf(LocalEmbeddingProvider);
    expect(createEmbeddingProvider({ model: 'ignored' }).model).toBe('local-hash-v1');
  });

  it('builds the openai provider when a key is given', () => {
    const provider = createEmbeddingProvider({ apiKey: KEY, model: 'text-embedding-3-large' });
    expect(provider).toBeInstanceOf(OpenAIEmbeddingProvider);
    expect(provider).toMatchObject({ model: 'text-embedding-3-large', dimensions: 3072 });
  });

  it('honours an explicit provider over the key', () => {
    expect(createEmbeddingProvider({ provider: 'local', apiKey: KEY })).toBeInstanceOf(LocalEmbeddingProvider);
  });

  it('builds openai for a keyless gateway when baseURL is set', () => {
    expect(createEmbeddingProvider({ provider: 'openai', baseURL: 'http://127.0.0.1:11434/v1' })).toBeInstanceOf(
      OpenAIEmbeddingProvider,
    );
  });

  it.each<[EmbeddingsModuleOptions, string]>([
    [{ provider: 'openai' }, 'apiKey (OPENAI_API_KEY) is required for the openai provider'],
    [{ provider: 'local', dimensions: 1536 }, 'dimensions must be 384 or unset for the local provider (got 1536)'],
    [{ provider: 'cohere' as 'local' }, 'provider must be "openai" or "local" (got "cohere")'],
    [{ apiKey: KEY, maxBatchSize: 4096 }, 'maxBatchSize must be an integer from 1 to 2048 (got 4096)'],
    [{ apiKey: KEY, baseURL: 'localhost' }, 'baseURL must be an http:// or https:// URL'],
  ])('rejects %j naming the option', (options, message) => {
    expect(() => createEmbeddingProvider(options)).toThrow(InvalidEmbeddingsConfigError);
    expect(() => createEmbeddingProvider(options)).toThrow(message);
  });

  it('never repeats a password of baseURL, nor an unparseable one', () => {
    expect(() => createEmbeddingProvider({ apiKey: KEY, baseURL: 'ftp://user:hunter2@gw.example/v1' })).toThrow(
      'baseURL must be an http:// or https:// URL (got "ftp://user:***@gw.example/v1")',
    );
    expect(() => createEmbeddingProvider({ apiKey: KEY, baseURL: 'not a url hunter2' })).toThrow(
      'baseURL must be an http:// or https:// URL (got "<unparseable URL>")',
    );
  });

  it.each(['http://127.0.0.1:11434/v1', 'https://api.openai.com/v1'])('accepts the baseURL %p', (baseURL) => {
    expect(createEmbeddingProvider({ apiKey: KEY, baseURL })).toBeInstanceOf(OpenAIEmbeddingProvider);
  });

  it.each(['ftp://host/v1', 'localhost:8080', '', 42])('rejects the baseURL %p', (baseURL) => {
    expect(() => createEmbeddingProvider({ apiKey: KEY, baseURL: baseURL as string })).toThrow('baseURL must be an http:// or https:// URL');
  });
});
