import { redactEnvValue } from './redact-env-value.util';

describe('redactEnvValue', () => {
  it.each(['REDIS_EMBEDDING_CACHE_PASSWORD', 'OPENAI_API_KEY', 'GITHUB_TOKEN', 'CLIENT_SECRET'])('hides the whole value of %s', (name) => {
    expect(redactEnvValue(name, 'hunter2')).toBe('***');
  });

  it('hides only the password of a *_URL', () => {
    expect(redactEnvValue('REDIS_URL', 'redis://:hunter2@cache:6379')).toBe('redis://:***@cache:6379');
    expect(redactEnvValue('DATABASE_URL', 'db:5432/rag')).toBe('<unparseable URL>');
  });

  it('shows any other value as given', () => {
    expect(redactEnvValue('PORT', 'http')).toBe('http');
    expect(redactEnvValue('KEYS_PER_BATCH', 'ten')).toBe('ten');
  });
});
