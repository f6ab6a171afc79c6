import { join } from 'node:path';
import { parseInfo, redisCli, startRedisServer, waitFor, WORKSPACE_ROOT } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { createCache, vectorFor } from './support/create-cache';
import type { CacheInstance } from './support/create-cache';
import { sleep, UnhandledRejections } from './support/fault-helpers';

/** The Redis settings docker-compose.yml mounts: the file under test. */
const REDIS_CONF = join(WORKSPACE_ROOT, 'deploy', 'redis', 'redis.conf');
const TTL_SECONDS = 30 * 86_400;

async function configValue(server: TestRedisServer, name: string): Promise<string> {
  const [, value] = (await redisCli(server.port, ['CONFIG', 'GET', name])).trim().split('\n');
  return value;
}

describe('deploy/redis/redis.conf (the compose settings) on a real redis-server', () => {
  const unhandled = new UnhandledRejections();

  beforeAll(() => unhandled.install());
  afterAll(() => unhandled.uninstall());
  afterEach(() => unhandled.assertNone());

  describe('persistence', () => {
    let server: TestRedisServer;
    let instance: CacheInstance;

    beforeAll(async () => {
      server = await startRedisServer({ configFile: REDIS_CONF });
      instance = await createCache(server.url, { prefix: 'persist', ttlSeconds: TTL_SECONDS });
    });

    afterAll(async () => {
      await instance.close();
      await server.stop();
    });

    it('applies the file: RDB save points + AOF everysec, maxmemory with allkeys-lru', async () => {
      expect(await configValue(server, 'appendonly')).toBe('yes');
      expect(await configValue(server, 'appendfsync')).toBe('everysec');
      expect(await configValue(server, 'save')).toBe('900 1 300 10 60 10000');
      expect(await configValue(server, 'maxmemory')).toBe(String(1024 ** 3));
      expect(await configValue(server, 'maxmemory-policy')).toBe('allkeys-lru');
    });

    it('entries survive SIGKILL and a restart with the same file, with their TTL', async () => {
      const texts = Array.from({ length: 2_000 }, (_, i) => `persisted ${i}`);
      await expect(instance.cache.setMany('m', texts.map((text) => ({ text, vector: vectorFor(text, 1536) })))).resolves.toBe(2_000);
      // appendfsync everysec: what was written more than a second ago is on disk.
      await sleep(1_200);
      const writtenAt = Date.now();

      await server.kill();
      await server.restart();
      expect(parseInfo(await redisCli(server.port, ['INFO', 'persistence']))['aof_enabled']).toBe('1');
      await waitFor(async () => instance.cache.enabled(), { timeoutMs: 5_000 });

      const found = await instance.cache.getMany('m', texts);
      expect(found.filter((vector) => vector === null)).toHaveLength(0);
      expect(found[1_234]).toEqual(new Float32Array(vectorFor(texts[1_234], 1536)));
      const ttl = Number(await redisCli(server.port, ['TTL', instance.cache.makeKey('m', texts[0])]));
      const elapsed = Math.ceil((Date.now() - writtenAt) / 1000) + 5;
      expect(ttl).toBeGreaterThan(TTL_SECONDS - elapsed);
      expect(ttl).toBeLessThanOrEqual(TTL_SECONDS);
    });
  });

  describe('eviction', () => {
    let server: TestRedisServer;
    let instance: CacheInstance;

    beforeAll(async () => {
      // Only maxmemory is lowered; the policy (allkeys-lru) and samples come from the file.
      server = await startRedisServer({ configFile: REDIS_CONF, args: ['--maxmemory', '8mb', '--appendonly', 'no', '--save', ''] });
      instance = await createCache(server.url, { prefix: 'evict' });
    });

    afterAll(async () => {
      await instance.close();
      await server.stop();
    });

    it('writing past maxmemory keeps working (no OOM) and recently read entries outlive cold ones', async () => {
      const batch = (name: string, n: number) => Array.from({ length: n }, (_, i) => `${name} ${i}`);
      const write = (texts: string[]) => instance.cache.setMany('m', texts.map((text) => ({ text, vector: vectorFor(text, 1536) })));
      const hot = batch('hot', 300);
      const cold = batch('cold', 300);
      await expect(write(hot)).resolves.toBe(300);
      await expect(write(cold)).resolves.toBe(300);
      // The LRU clock ticks once a second: old and recent accesses must be further apart than that.
      await sleep(2_100);
      expect((await instance.cache.getMany('m', hot)).every((vector) => vector !== null)).toBe(true);

      for (let round = 0; round < 6; round += 1) {
        await expect(write(batch(`filler ${round}`, 100))).resolves.toBe(100);
      }

      const hotLeft = (await instance.cache.getMany('m', hot)).filter(Boolean).length / hot.length;
      const coldLeft = (await instance.cache.getMany('m', cold)).filter(Boolean).length / cold.length;
      const stats = parseInfo(await redisCli(server.port, ['INFO', 'stats']));
      const memory = parseInfo(await redisCli(server.port, ['INFO', 'memory']));
      console.log(
        `eviction (maxmemory 8mb, allkeys-lru): hot survived ${(hotLeft * 100).toFixed(0)}%, cold ${(coldLeft * 100).toFixed(0)}%, ` +
          `evicted_keys=${stats['evicted_keys']}, used_memory=${memory['used_memory_human']}`,
      );
      expect(Number(stats['evicted_keys'])).toBeGreaterThan(0);
      expect(Number(memory['used_memory'])).toBeLessThanOrEqual(8 * 1024 * 1024 * 1.05);
      expect(instance.cache.stats().errors).toBe(0);
      // LRU is sampled: assert on fractions, with room for an unlucky sample.
      expect(hotLeft).toBeGreaterThanOrEqual(0.8);
      expect(coldLeft).toBeLessThan(hotLeft - 0.3);
    });
  });

  describe('sizing', () => {
    let server: TestRedisServer;

    beforeAll(async () => {
      server = await startRedisServer({ configFile: REDIS_CONF, args: ['--appendonly', 'no', '--save', ''] });
    });

    afterAll(async () => server.stop());

    it('bytes per entry (MEMORY USAGE) by dimensions and element type, for docs/operations.md', async () => {
      const rows: string[] = [];
      for (const dtype of ['float32', 'float16'] as const) {
        const instance = await createCache(server.url, { prefix: `size-${dtype}`, dtype });
        try {
          for (const dims of [384, 768, 1536, 3072]) {
            await instance.cache.set('text-embedding-3-small', `size ${dims}`, vectorFor(`size ${dims}`, dims));
            const key = instance.cache.makeKey('text-embedding-3-small', `size ${dims}`);
            const bytes = Number(await redisCli(server.port, ['MEMORY', 'USAGE', key, 'SAMPLES', '0']));
            const valueBytes = Number(await redisCli(server.port, ['STRLEN', key]));
            expect(valueBytes).toBeLessThanOrEqual((dtype === 'float32' ? 4 : 2) * dims + 16);
            // The value plus key, TTL and allocator overhead: well under 2 × the value.
            expect(bytes).toBeLessThan(valueBytes * 1.2 + 200);
            rows.push(`| ${dims} | ${dtype} | ${valueBytes} | ${bytes} | ${Math.floor((1024 ** 3 * 0.9) / bytes).toLocaleString('en-US')} |`);
          }
        } finally {
          await instance.close();
        }
      }
      console.log(['| dims | dtype | value bytes | MEMORY USAGE bytes | entries per 1 GB (90 %) |', '|---|---|---|---|---|', ...rows].join('\n'));
    });
  });
});
