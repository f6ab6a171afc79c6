import { buildCacheKey } from './cache-key.util';

// Expected digests computed independently with `printf '%s' 'model::text' | sha256sum`.
describe('buildCacheKey', () => {
  it.each([
    ['gpt', 'hello', 'f71f778c3dcb3835cb38a050914f9bc628169d1a15c88a4afbf3db26e7a5dbbe'],
    ['text-embedding-3-small', 'The quick brown fox', '9e0bce1e2f01353fd3af6255574604626495fd491e659941230e37c60966ef91'],
    ['local-hash-v1', 'Grüße, 世界 🌍', '7d4440af3a882f9c3a80b719411dfcf7fd382c661cea714063de30f5c7b77014'],
    ['m', '', '74f1527c79cd907542d250bc20bddbc72423db4382dcc8dc015edb7b4d6f8b23'],
  ])('key of (%s, %j) is embedding_cache: + sha256 hex of model::text', (model, text, digest) => {
    expect(buildCacheKey('embedding_cache', model, text)).toBe(`embedding_cache:${digest}`);
  });

  it('takes the text exactly as given (no trimming or normalisation)', () => {
    expect(buildCacheKey('p', 'm', 'a')).not.toBe(buildCacheKey('p', 'm', ' a'));
    expect(buildCacheKey('p', 'm', 'é')).not.toBe(buildCacheKey('p', 'm', 'e\u0301'));
  });
});
