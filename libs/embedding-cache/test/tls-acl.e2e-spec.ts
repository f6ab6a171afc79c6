import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { Logger } from '@nestjs/common';
import { RedisService } from '@liaoliaots/nestjs-redis';
import type { Redis } from 'ioredis';
import { createTestCertificates, freePort, redisCli, startRedisServer, waitFor } from '@rag/test-utils';
import type { TestCertificates, TestRedisServer } from '@rag/test-utils';
import { loadEmbeddingCacheOptions } from '../src/lib/config/embedding-cache.config';
import type { EmbeddingCacheModuleOptions } from '../src/lib/interfaces/embedding-cache-options.interface';
import { createCacheFor, vectorFor } from './support/create-cache';
import type { CacheInstance } from './support/create-cache';
import { sleep, UnhandledRejections } from './support/fault-helpers';

const PASSWORD = 'correct horse battery staple';
const WRONG_PASSWORD = 'hunter2-not-it';
/**
 * The least-privilege ACL documented in docs/operations.md: the cache's own key prefix, and only
 * the commands it sends (INFO for ioredis' ready check; EVAL, whose script runs GET and DEL, to release fleet locks).
 */
const CACHE_ACL = ['resetkeys', '~tls:*', 'resetchannels', '-@all', '+get', '+set', '+mget', '+scan', '+unlink', '+eval', '+del', '+ping', '+info'];

describe('TLS with a self-signed CA made by the test, and ACL users', () => {
  const unhandled = new UnhandledRejections();
  let dir: string;
  let certs: TestCertificates;
  let server: TestRedisServer;
  let tlsPort: number;
  let instance: CacheInstance | undefined;
  let warn: jest.SpyInstance;

  /** Options exactly as the apps build them: from environment variables. */
  const fromEnv = (env: Record<string, string>): EmbeddingCacheModuleOptions => ({
    ...loadEmbeddingCacheOptions({ REDIS_EMBEDDING_CACHE_PREFIX: 'tls', REDIS_EMBEDDING_CACHE_L1_MAX_MB: '0', ...env }),
    breakerThreshold: 3,
    probeIntervalMs: 100,
  });

  beforeAll(async () => {
    unhandled.install();
    dir = mkdtempSync(join(tmpdir(), 'rag-tls-'));
    certs = await createTestCertificates(dir);
    for (let attempt = 1; ; attempt += 1) {
      tlsPort = await freePort();
      try {
        server = await startRedisServer({
          args: [
            '--tls-port', String(tlsPort),
            '--tls-cert-file', certs.certFile,
            '--tls-key-file', certs.keyFile,
            '--tls-ca-cert-file', certs.caFile,
            '--tls-auth-clients', 'no',
            '--user', 'cache', 'on', `>${PASSWORD}`, ...CACHE_ACL,
            '--user', 'default', 'off',
          ],
        });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
    unhandled.uninstall();
  });

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await instance?.close();
    instance = undefined;
    warn.mockRestore();
    unhandled.assertNone();
  });

  it('rediss:// + REDIS_TLS_CA_FILE + ACL user: every operation works over TLS with the least-privilege ACL', async () => {
    instance = await createCacheFor(
      fromEnv({
        REDIS_EMBEDDING_CACHE_URL: `rediss://127.0.0.1:${tlsPort}`,
        REDIS_EMBEDDING_CACHE_USERNAME: 'cache',
        REDIS_EMBEDDING_CACHE_PASSWORD: PASSWORD,
        REDIS_TLS_CA_FILE: certs.caFile,
      }),
    );
    const { cache } = instance;
    expect(cache.enabled()).toBe(true);
    const client = instance.moduleRef.get(RedisService).getOrThrow('embedding-cache') as Redis;
    expect((client.stream as TLSSocket).encrypted).toBe(true);
    expect((client.stream as TLSSocket).authorized).toBe(true);

    const texts = Array.from({ length: 50 }, (_, i) => `tls ${i}`);
    await expect(cache.setMany('m', texts.map((text) => ({ text, vector: vectorFor(text, 384) })))).resolves.toBe(50);
    expect((await cache.getMany('m', texts)).every((v) => v !== null)).toBe(true);
    const compute = jest.fn(async (batch: string[]) => batch.map(() => [1]));
    await expect(cache.getOrComputeDetailed('m', ['fresh 1', 'fresh 2', 'tls 3'], compute)).resolves.toMatchObject({
      hits: 1,
      computed: 2,
    });
    await expect(cache.clear()).resolves.toBe(52);
    await expect(instance.health.isHealthy()).resolves.toMatchObject({ embedding_cache: { status: 'up' } });
    expect(cache.stats().errors).toBe(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it('the plain port also requires the ACL user (default user off)', async () => {
    await expect(redisCli(server.port, ['GET', 'x'])).resolves.toMatch(/NOAUTH/);
  });

  it('wrong password: cache disabled with one clear log line that does not contain the password', async () => {
    instance = await createCacheFor(
      fromEnv({
        REDIS_EMBEDDING_CACHE_URL: `rediss://127.0.0.1:${tlsPort}`,
        REDIS_EMBEDDING_CACHE_USERNAME: 'cache',
        REDIS_EMBEDDING_CACHE_PASSWORD: WRONG_PASSWORD,
        REDIS_TLS_CA_FILE: certs.caFile,
      }),
    );
    const { cache } = instance;
    const compute = jest.fn(async (batch: string[]) => batch.map(() => [7]));
    await expect(cache.get('m', 'tls 1')).resolves.toBeNull();
    await expect(cache.getOrCompute('m', ['a'], compute)).resolves.toEqual([new Float32Array([7])]);
    // Several reconnect attempts (backoff ≤ 500 ms), still a single line.
    await sleep(1_200);
    expect(cache.enabled()).toBe(false);
    const lines = warn.mock.calls.map(([message]) => String(message));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Embedding cache unavailable \(WRONGPASS .*REDIS_EMBEDDING_CACHE_PASSWORD/);
    expect(lines[0]).not.toContain(WRONG_PASSWORD);
    await expect(instance.health.isHealthy()).resolves.toMatchObject({ embedding_cache: { status: 'down' } });
  });

  it('a server certificate from an untrusted CA: cache disabled, one log line, nothing thrown', async () => {
    instance = await createCacheFor({
      url: `rediss://cache:${encodeURIComponent(PASSWORD)}@127.0.0.1:${tlsPort}`,
      tlsCaFile: certs.otherCaFile,
      prefix: 'tls',
      l1MaxMb: 0,
    });
    await expect(instance.cache.get('m', 'tls 1')).resolves.toBeNull();
    // Reconnect attempts (≤ 500 ms apart) go on meanwhile: the line below must still be the only one.
    await sleep(600);
    expect(instance.cache.enabled()).toBe(false);
    const lines = warn.mock.calls.map(([message]) => String(message));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/certificate/i);
    expect(lines[0]).not.toContain(PASSWORD);
  });

  it('the ACL user confined to its prefix cannot touch other keys (NOPERM), and the cache stays up', async () => {
    instance = await createCacheFor({
      url: `rediss://127.0.0.1:${tlsPort}`,
      username: 'cache',
      password: PASSWORD,
      tlsCaFile: certs.caFile,
      prefix: 'other',
      l1MaxMb: 0,
    });
    await waitFor(async () => instance!.cache.enabled(), { timeoutMs: 3_000 });
    await expect(instance.cache.set('m', 'outside the ACL', [1])).resolves.toBe(false);
    await expect(instance.cache.get('m', 'outside the ACL')).resolves.toBeNull();
    expect(instance.cache.stats().state).toBe('ready');
    expect(warn.mock.calls.map(([m]) => String(m)).some((m) => m.includes('NOPERM'))).toBe(true);
  });
});
