import { readFileSync } from 'node:fs';
import { UsageError } from '../errors/usage.error';
import { loadSettings } from './load-settings';

describe('loadSettings', () => {
  it('uses the library defaults', () => {
    expect(loadSettings({})).toEqual({
      url: 'redis://127.0.0.1:6379',
      prefix: 'embedding_cache',
      ttlSeconds: 30 * 86_400,
      enabled: true,
      dtype: 'float32',
    });
  });

  it('reads the same variables as the apps, the cache URL before REDIS_URL', () => {
    expect(
      loadSettings({
        REDIS_URL: 'redis://shared:6379',
        REDIS_EMBEDDING_CACHE_URL: 'redis://cache:6380',
        REDIS_EMBEDDING_CACHE_PREFIX: 'emb',
        REDIS_EMBEDDING_CACHE_TTL_DAYS: '2',
        REDIS_EMBEDDING_CACHE_ENABLED: 'false',
        REDIS_EMBEDDING_CACHE_DTYPE: 'float16',
      }),
    ).toEqual({ url: 'redis://cache:6380', prefix: 'emb', ttlSeconds: 172_800, enabled: false, dtype: 'float16' });
    expect(loadSettings({ REDIS_URL: 'redis://shared:6379' }).url).toBe('redis://shared:6379');
  });

  it('takes the ACL user, the password and TLS from the same variables as the apps', () => {
    const settings = loadSettings({
      REDIS_EMBEDDING_CACHE_URL: 'rediss://cache:6380',
      REDIS_EMBEDDING_CACHE_USERNAME: 'importer',
      REDIS_EMBEDDING_CACHE_PASSWORD: 's3cret',
      REDIS_TLS_CA_FILE: __filename,
    });

    expect(settings).toMatchObject({ url: 'rediss://importer:s3cret@cache:6380' });
    expect(settings.tls?.ca).toEqual(readFileSync(__filename));
    expect(loadSettings({ REDIS_URL: 'redis://plain:6379' })).not.toHaveProperty('tls');
  });

  it('explicit credentials replace those of the URL (ioredis would let the URL win)', () => {
    const settings = loadSettings({
      REDIS_URL: 'redis://old-user:old-pass@shared:6379/0',
      REDIS_EMBEDDING_CACHE_USERNAME: 'importer',
      REDIS_EMBEDDING_CACHE_PASSWORD: 'p@ss word',
    });

    expect(settings.url).toBe('redis://importer:p%40ss%20word@shared:6379/0');
    expect(loadSettings({ REDIS_URL: 'redis://:old@shared:6379', REDIS_EMBEDDING_CACHE_PASSWORD: 'new' }).url).toBe('redis://:new@shared:6379');
  });

  it('turns an invalid variable into a usage error naming it, without the usage text', () => {
    const attempt = (): unknown => loadSettings({ REDIS_EMBEDDING_CACHE_TTL_DAYS: '0' });

    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow('REDIS_EMBEDDING_CACHE_TTL_DAYS must be an integer from 1 to 3650 (got "0")');
    expect(() => loadSettings({ REDIS_EMBEDDING_CACHE_TTL_DAYS: '0' })).toThrow(expect.objectContaining({ showUsage: false }));
  });
});
