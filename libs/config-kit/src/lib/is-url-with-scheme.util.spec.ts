import { isUrlWithScheme } from './is-url-with-scheme.util';

describe('isUrlWithScheme', () => {
  const redis = ['redis', 'rediss'];

  it.each(['redis://127.0.0.1:6379', 'rediss://:pw@cache.internal:6380/2'])('accepts %j', (value) => {
    expect(isUrlWithScheme(value, redis)).toBe(true);
  });

  it.each([['http://cache:6379'], ['redis://'], ['127.0.0.1:6379'], ['redi://x'], [42], [undefined]])('rejects %j', (value) => {
    expect(isUrlWithScheme(value, redis)).toBe(false);
  });

  it('matches whole scheme names only', () => {
    expect(isUrlWithScheme('postgresql://db/rag', ['postgres'])).toBe(false);
    expect(isUrlWithScheme('https://api.openai.com/v1', ['http', 'https'])).toBe(true);
  });
});
