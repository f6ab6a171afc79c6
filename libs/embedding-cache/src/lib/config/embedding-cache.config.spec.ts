import { Logger } from '@nestjs/common';
import { InvalidEmbeddingCacheConfigError } from '../errors/invalid-embedding-cache-config.error';
import { embeddingCacheConfig, loadEmbeddingCacheOptions } from './embedding-cache.config';
import { warnDeprecatedEnv } from './warn-deprecated-env.util';

describe('embeddingCacheConfig', () => {
  it('is the embeddingCache namespace', () => {
    expect(embeddingCacheConfig.KEY).toBe('CONFIGURATION(embeddingCache)');
  });

  it('applies the documented defaults when nothing is set', () => {
    expect(loadEmbeddingCacheOptions({})).toEqual({
      enabled: true,
      url: 'redis://127.0.0.1:6379',
      prefix: 'embedding_cache',
      ttlSeconds: 30 * 86_400,
      timeoutMs: 50,
      lockEnabled: true,
      lockTtlMs: 30_000,
      lockWaitMs: 10_000,
      dtype: 'float32',
      l1MaxMb: 64,
    });
  });

  it('maps every variable, preferring REDIS_EMBEDDING_CACHE_URL over REDIS_URL', () => {
    expect(
      loadEmbeddingCacheOptions({
        REDIS_URL: 'redis://queue:6379',
        REDIS_EMBEDDING_CACHE_URL: 'rediss://:pw@cache:6380/1',
        REDIS_EMBEDDING_CACHE_ENABLED: 'false',
        REDIS_EMBEDDING_CACHE_TTL_DAYS: '7',
        REDIS_EMBEDDING_CACHE_PREFIX: 'emb.v2:prod-1',
        REDIS_EMBEDDING_CACHE_TIMEOUT_MS: '120',
        REDIS_EMBEDDING_CACHE_LOCK_ENABLED: 'false',
        REDIS_EMBEDDING_CACHE_LOCK_TTL_MS: '5000',
        REDIS_EMBEDDING_CACHE_LOCK_WAIT_MS: '2500',
        REDIS_EMBEDDING_CACHE_DTYPE: 'float16',
        REDIS_EMBEDDING_CACHE_L1_MAX_MB: '0',
      }),
    ).toEqual({
      enabled: false,
      url: 'rediss://:pw@cache:6380/1',
      prefix: 'emb.v2:prod-1',
      ttlSeconds: 604_800,
      timeoutMs: 120,
      lockEnabled: false,
      lockTtlMs: 5_000,
      lockWaitMs: 2_500,
      dtype: 'float16',
      l1MaxMb: 0,
    });
  });

  it('treats empty values as unset', () => {
    expect(loadEmbeddingCacheOptions({ REDIS_EMBEDDING_CACHE_URL: '', REDIS_URL: 'redis://r:1' }).url).toBe('redis://r:1');
  });

  it.each([
    [{ REDIS_EMBEDDING_CACHE_TTL_DAYS: '0' }, 'REDIS_EMBEDDING_CACHE_TTL_DAYS must be an integer from 1 to 3650 (got "0")'],
    [{ REDIS_EMBEDDING_CACHE_TTL_DAYS: 'abc' }, 'REDIS_EMBEDDING_CACHE_TTL_DAYS must be an integer from 1 to 3650'],
    [{ REDIS_EMBEDDING_CACHE_TTL_DAYS: '3651' }, 'REDIS_EMBEDDING_CACHE_TTL_DAYS must be an integer from 1 to 3650'],
    [{ REDIS_EMBEDDING_CACHE_PREFIX: 'my cache' }, 'REDIS_EMBEDDING_CACHE_PREFIX must be 1-64 characters'],
    [{ REDIS_EMBEDDING_CACHE_PREFIX: 'x'.repeat(65) }, 'REDIS_EMBEDDING_CACHE_PREFIX must be 1-64 characters'],
    [{ REDIS_EMBEDDING_CACHE_TIMEOUT_MS: '0' }, 'REDIS_EMBEDDING_CACHE_TIMEOUT_MS must be an integer from 1 to 10000'],
    [{ REDIS_EMBEDDING_CACHE_TIMEOUT_MS: '1.5' }, 'REDIS_EMBEDDING_CACHE_TIMEOUT_MS must be an integer from 1 to 10000'],
    [{ REDIS_EMBEDDING_CACHE_ENABLED: 'maybe' }, 'REDIS_EMBEDDING_CACHE_ENABLED must be true or false'],
    [{ REDIS_EMBEDDING_CACHE_LOCK_ENABLED: 'perhaps' }, 'REDIS_EMBEDDING_CACHE_LOCK_ENABLED must be true or false'],
    [{ REDIS_EMBEDDING_CACHE_LOCK_TTL_MS: '50' }, 'REDIS_EMBEDDING_CACHE_LOCK_TTL_MS must be an integer from 100 to 3600000'],
    [{ REDIS_EMBEDDING_CACHE_LOCK_WAIT_MS: '-1' }, 'REDIS_EMBEDDING_CACHE_LOCK_WAIT_MS must be an integer from 0 to 3600000'],
    [{ REDIS_EMBEDDING_CACHE_DTYPE: 'int8' }, 'REDIS_EMBEDDING_CACHE_DTYPE must be float32 or float16'],
    [{ REDIS_EMBEDDING_CACHE_L1_MAX_MB: '-5' }, 'REDIS_EMBEDDING_CACHE_L1_MAX_MB must be an integer from 0 to 65536'],
    [{ REDIS_URL: 'http://example.com' }, 'REDIS_URL must be a redis:// or rediss:// URL'],
    [{ REDIS_EMBEDDING_CACHE_URL: 'localhost:6379' }, 'REDIS_EMBEDDING_CACHE_URL must be a redis:// or rediss:// URL'],
  ])('fails at boot on %j, naming the variable', (env, message) => {
    expect(() => loadEmbeddingCacheOptions(env)).toThrow(InvalidEmbeddingCacheConfigError);
    expect(() => loadEmbeddingCacheOptions(env)).toThrow(message);
  });

  it('lists every bad variable at once', () => {
    expect(() =>
      loadEmbeddingCacheOptions({ REDIS_EMBEDDING_CACHE_TTL_DAYS: '0', REDIS_EMBEDDING_CACHE_PREFIX: 'a b' }),
    ).toThrow(/TTL_DAYS.*; .*PREFIX|PREFIX.*; .*TTL_DAYS/);
  });

  it('never repeats a password from a bad URL', () => {
    expect(() => loadEmbeddingCacheOptions({ REDIS_URL: 'http://user:hunter2@host' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});

describe('warnDeprecatedEnv', () => {
  it('logs one warning per set LLAMAINDEX_CACHE_* variable, naming it and its replacement, once per process', () => {
    const logger = { warn: jest.fn() } as unknown as Logger;
    const env = { LLAMAINDEX_CACHE_TTL: '3600', LLAMAINDEX_CACHE_DIR: '/var/cache/x', OTHER: '1' };

    expect(warnDeprecatedEnv(env, logger)).toEqual(['LLAMAINDEX_CACHE_DIR', 'LLAMAINDEX_CACHE_TTL']);
    expect(warnDeprecatedEnv(env, logger)).toEqual([]);

    const warnings = (logger.warn as jest.Mock).mock.calls.map(([message]) => message as string);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^LLAMAINDEX_CACHE_DIR is deprecated.*REDIS_EMBEDDING_CACHE_URL/);
    expect(warnings[1]).toMatch(/^LLAMAINDEX_CACHE_TTL is deprecated.*REDIS_EMBEDDING_CACHE_TTL_DAYS/);
  });

  it('is called by the config factory at boot', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    loadEmbeddingCacheOptions({ LLAMAINDEX_CACHE_ENABLED: 'true' });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^LLAMAINDEX_CACHE_ENABLED is deprecated.*REDIS_EMBEDDING_CACHE_ENABLED/));
    warn.mockRestore();
  });
});
