import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidEmbeddingCacheConfigError } from '../errors/invalid-embedding-cache-config.error';
import { buildEmbeddingCacheClusterConfig } from './build-cluster-config.util';
import { buildEmbeddingCacheRedisConfig } from './build-redis-config.util';

describe('buildEmbeddingCacheRedisConfig', () => {
  let dir: string;
  let caFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'redis-config-'));
    caFile = join(dir, 'ca.crt');
    writeFileSync(caFile, 'PEM');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('standalone: the fail-fast options, bounded backoff, lazy when disabled', () => {
    const config = buildEmbeddingCacheRedisConfig({ url: 'redis://cache:6379/2', timeoutMs: 80, enabled: false });
    expect(config).toMatchObject({
      namespace: 'embedding-cache',
      url: 'redis://cache:6379/2',
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 800,
      commandTimeout: 5_000,
      // A Redis still loading after a restart is asked again every 100 ms, not after ioredis' 1 s.
      maxLoadingRetryTime: 100,
    });
    expect(config.tls).toBeUndefined();
    expect([1, 4, 10, 100].map((attempt) => config.retryStrategy?.(attempt))).toEqual([50, 200, 500, 500]);
  });

  it('standalone: explicit ACL credentials replace the URL ones (ioredis lets URL fields win over options)', () => {
    const config = buildEmbeddingCacheRedisConfig({ url: 'redis://old:old@cache:6379', username: 'cache', password: 'p@ss word' });
    expect(config.url).toBe('redis://cache:p%40ss%20word@cache:6379');
    expect(config.username).toBeUndefined();
    expect(config.password).toBeUndefined();
  });

  it('standalone: TLS from a rediss:// URL, with the CA file read at build time', () => {
    expect(buildEmbeddingCacheRedisConfig({ url: 'rediss://cache:6380' }).tls).toEqual({});
    const config = buildEmbeddingCacheRedisConfig({ url: 'rediss://cache:6380', tlsCaFile: caFile });
    expect(config.tls).toEqual({ ca: Buffer.from('PEM') });
    expect(buildEmbeddingCacheRedisConfig({ url: 'redis://cache:6380', tls: true }).tls).toEqual({});
  });

  it('an unreadable CA file fails at boot, naming the variable', () => {
    expect(() => buildEmbeddingCacheRedisConfig({ url: 'rediss://cache', tlsCaFile: join(dir, 'missing.crt') })).toThrow(
      /REDIS_TLS_CA_FILE/,
    );
  });

  it('sentinel: sentinels, master name, sentinel password and TLS for both links', () => {
    const config = buildEmbeddingCacheRedisConfig({
      mode: 'sentinel',
      sentinels: ['s1:26379', '[::1]:26380'],
      sentinelMaster: 'mymaster',
      sentinelPassword: 'sentinel-pw',
      username: 'cache',
      password: 'data-pw',
      tls: true,
      tlsCaFile: caFile,
    });
    expect(config).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      name: 'mymaster',
      sentinelPassword: 'sentinel-pw',
      username: 'cache',
      password: 'data-pw',
      enableOfflineQueue: false,
      enableTLSForSentinelMode: true,
      tls: { ca: Buffer.from('PEM') },
      sentinelTLS: { ca: Buffer.from('PEM') },
      sentinelCommandTimeout: 500,
    });
    expect(config.url).toBeUndefined();
    expect(config.sentinelRetryStrategy?.(3)).toBe(150);
  });

  it('sentinel without sentinels or master name fails, naming both', () => {
    expect(() => buildEmbeddingCacheRedisConfig({ mode: 'sentinel' })).toThrow(InvalidEmbeddingCacheConfigError);
    expect(() => buildEmbeddingCacheRedisConfig({ mode: 'sentinel' })).toThrow(/REDIS_SENTINELS.*REDIS_SENTINEL_MASTER/);
  });

  it('cluster mode is refused: it needs a Cluster client', () => {
    expect(() => buildEmbeddingCacheRedisConfig({ mode: 'cluster', nodes: ['a:1'] })).toThrow(/Cluster client/);
  });
});

describe('buildEmbeddingCacheClusterConfig', () => {
  it('seed nodes, no offline queue at cluster level, fail-fast options per node', () => {
    const config = buildEmbeddingCacheClusterConfig({
      mode: 'cluster',
      nodes: ['redis-0:6379', 'redis-1:6379'],
      username: 'cache',
      password: 'pw',
      tls: true,
    });
    expect(config).toMatchObject({
      namespace: 'embedding-cache',
      nodes: [
        { host: 'redis-0', port: 6379 },
        { host: 'redis-1', port: 6379 },
      ],
      lazyConnect: false,
      enableOfflineQueue: false,
      slotsRefreshTimeout: 500,
      redisOptions: {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 5_000,
        username: 'cache',
        password: 'pw',
        tls: {},
      },
    });
    expect(config.clusterRetryStrategy?.(2, undefined)).toBe(100);
  });

  it('fails without seed nodes, naming the variable', () => {
    expect(() => buildEmbeddingCacheClusterConfig({ mode: 'cluster' })).toThrow(/REDIS_EMBEDDING_CACHE_NODES/);
  });
});
