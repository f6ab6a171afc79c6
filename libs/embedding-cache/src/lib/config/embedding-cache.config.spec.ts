import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      mode: 'standalone',
      tls: false,
      url: 'redis://127.0.0.1:6379',
      prefix: 'embedding_cache',
      ttlSeconds: 30 * 86_400,
      timeoutMs: 50,
      lockEnabled: true,
      lockTtlMs: 30_000,
      lockWaitMs: 10_000,
      dtype: 'float32',
      l1MaxMb: 64,
      l1MaxStaleMs: 1_000,
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
        REDIS_EMBEDDING_CACHE_L1_MAX_STALE_MS: '250',
      }),
    ).toEqual({
      enabled: false,
      mode: 'standalone',
      tls: true,
      url: 'rediss://:pw@cache:6380/1',
      prefix: 'emb.v2:prod-1',
      ttlSeconds: 604_800,
      timeoutMs: 120,
      lockEnabled: false,
      lockTtlMs: 5_000,
      lockWaitMs: 2_500,
      dtype: 'float16',
      l1MaxMb: 0,
      l1MaxStaleMs: 250,
    });
  });

  it('maps cluster mode: seed nodes, ACL user and password, TLS with a CA file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-'));
    const caFile = join(dir, 'ca.crt');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n');
    try {
      expect(
        loadEmbeddingCacheOptions({
          REDIS_EMBEDDING_CACHE_MODE: 'cluster',
          REDIS_EMBEDDING_CACHE_NODES: 'redis-0:6379, redis-1:6379,[::1]:7000',
          REDIS_EMBEDDING_CACHE_USERNAME: 'cache',
          REDIS_EMBEDDING_CACHE_PASSWORD: 's3cret',
          REDIS_EMBEDDING_CACHE_TLS: 'true',
          REDIS_TLS_CA_FILE: caFile,
        }),
      ).toMatchObject({
        mode: 'cluster',
        nodes: ['redis-0:6379', 'redis-1:6379', '[::1]:7000'],
        username: 'cache',
        password: 's3cret',
        tls: true,
        tlsCaFile: caFile,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps sentinel mode', () => {
    expect(
      loadEmbeddingCacheOptions({
        REDIS_EMBEDDING_CACHE_MODE: 'sentinel',
        REDIS_SENTINELS: 's1:26379,s2:26379,s3:26379',
        REDIS_SENTINEL_MASTER: 'mymaster',
        REDIS_SENTINEL_PASSWORD: 'sentinel-pw',
      }),
    ).toMatchObject({
      mode: 'sentinel',
      sentinels: ['s1:26379', 's2:26379', 's3:26379'],
      sentinelMaster: 'mymaster',
      sentinelPassword: 'sentinel-pw',
      tls: false,
    });
  });

  it('takes TLS from a rediss:// URL in standalone mode only', () => {
    expect(loadEmbeddingCacheOptions({ REDIS_URL: 'rediss://cache:6380' }).tls).toBe(true);
    expect(
      loadEmbeddingCacheOptions({
        REDIS_URL: 'rediss://cache:6380',
        REDIS_EMBEDDING_CACHE_MODE: 'sentinel',
        REDIS_SENTINELS: 's:1',
        REDIS_SENTINEL_MASTER: 'm',
      }).tls,
    ).toBe(false);
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
    [{ REDIS_EMBEDDING_CACHE_L1_MAX_STALE_MS: '50' }, 'REDIS_EMBEDDING_CACHE_L1_MAX_STALE_MS must be an integer from 100 to 86400000'],
    [{ REDIS_URL: 'http://example.com' }, 'REDIS_URL must be a redis:// or rediss:// URL'],
    [{ REDIS_EMBEDDING_CACHE_URL: 'localhost:6379' }, 'REDIS_EMBEDDING_CACHE_URL must be a redis:// or rediss:// URL'],
    [{ REDIS_EMBEDDING_CACHE_MODE: 'replicated' }, 'REDIS_EMBEDDING_CACHE_MODE must be one of standalone, cluster, sentinel'],
    [{ REDIS_EMBEDDING_CACHE_MODE: 'cluster' }, 'REDIS_EMBEDDING_CACHE_NODES is required when REDIS_EMBEDDING_CACHE_MODE=cluster'],
    [
      { REDIS_EMBEDDING_CACHE_MODE: 'cluster', REDIS_EMBEDDING_CACHE_NODES: 'redis-0' },
      'REDIS_EMBEDDING_CACHE_NODES must be a comma-separated list of host:port',
    ],
    [{ REDIS_EMBEDDING_CACHE_NODES: 'a:1,b:99999' }, 'REDIS_EMBEDDING_CACHE_NODES must be a comma-separated list of host:port'],
    [{ REDIS_EMBEDDING_CACHE_MODE: 'sentinel', REDIS_SENTINEL_MASTER: 'm' }, 'REDIS_SENTINELS is required when REDIS_EMBEDDING_CACHE_MODE=sentinel'],
    [{ REDIS_EMBEDDING_CACHE_MODE: 'sentinel', REDIS_SENTINELS: 's:1' }, 'REDIS_SENTINEL_MASTER is required when REDIS_EMBEDDING_CACHE_MODE=sentinel'],
    [{ REDIS_SENTINEL_MASTER: 'my master' }, 'REDIS_SENTINEL_MASTER must be 1-128 characters'],
    [{ REDIS_EMBEDDING_CACHE_TLS: 'sometimes' }, 'REDIS_EMBEDDING_CACHE_TLS must be true or false'],
    [{ REDIS_EMBEDDING_CACHE_TLS: 'true', REDIS_TLS_CA_FILE: '/nonexistent/ca.crt' }, 'REDIS_TLS_CA_FILE must be a readable file'],
    [{ REDIS_TLS_CA_FILE: __filename }, 'REDIS_TLS_CA_FILE is set but TLS is off: use a rediss:// URL or set REDIS_EMBEDDING_CACHE_TLS=true'],
  ])('fails at boot on %j, naming the variable', (env, message) => {
    expect(() => loadEmbeddingCacheOptions(env)).toThrow(InvalidEmbeddingCacheConfigError);
    expect(() => loadEmbeddingCacheOptions(env)).toThrow(message);
  });

  it('lists every bad variable at once', () => {
    expect(() =>
      loadEmbeddingCacheOptions({ REDIS_EMBEDDING_CACHE_TTL_DAYS: '0', REDIS_EMBEDDING_CACHE_PREFIX: 'a b' }),
    ).toThrow(/TTL_DAYS.*; .*PREFIX|PREFIX.*; .*TTL_DAYS/);
  });

  it('never repeats a password, from a bad URL or a password variable', () => {
    expect(() =>
      loadEmbeddingCacheOptions({ REDIS_EMBEDDING_CACHE_MODE: 'cluster', REDIS_EMBEDDING_CACHE_PASSWORD: 'hunter2' }),
    ).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
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
