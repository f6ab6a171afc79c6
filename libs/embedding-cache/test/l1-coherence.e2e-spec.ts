import { Redis } from 'ioredis';
import { parseInfo, redisCli, startRedisServer } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { buildCacheKey } from '../src/lib/utils/cache-key.util';
import { encodeVector } from '../src/lib/utils/encode-vector.util';
import { CacheProcess } from './support/cache-process';
import { vectorFor } from './support/create-cache';
import { COHERENCE_DIMS, expectedVector, fillEveryL1, seedVectors, untilEveryProcessReads } from './support/l1-coherence-helpers';

const PREFIX = 'coh';
const TTL_SECONDS = 3_600;

/**
 * Three OS processes, each with its own L1 tier, on one private redis-server: whatever Redis
 * forgets or overwrites (DEL, SET, expiry, eviction, FLUSHDB, `clear()` in another process), no
 * process keeps serving the old vector from its L1.
 */
describe('L1 coherence: 3 processes on a standalone Redis', () => {
  let server: TestRedisServer;
  let raw: Redis;
  let procs: CacheProcess[];
  const latencies: Record<string, number[]> = {};

  const keyOf = (model: string, text: string): string => buildCacheKey(PREFIX, model, text);
  const seed = (model: string, texts: string[]): Promise<void> => seedVectors(procs, raw, PREFIX, model, texts);

  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url);
    procs = await Promise.all([0, 1, 2].map(() => CacheProcess.start({ url: server.url, prefix: PREFIX, l1MaxMb: 8, timeoutMs: 200 })));
  }, 60_000);

  afterAll(async () => {
    await Promise.all((procs ?? []).map((proc) => proc.stop()));
    raw?.disconnect();
    await server?.stop();
    console.log(`L1 coherence (standalone), ms from the change until each of 3 processes read it: ${JSON.stringify(latencies)}`);
  });

  it('DEL from redis-cli: every process stops serving the vector; the other keys stay in L1', async () => {
    const model = 'del';
    const texts = ['deleted', 'kept 1', 'kept 2'];
    await seed(model, texts);
    await fillEveryL1(procs, model, texts, expectedVector);

    await redisCli(server.port, ['DEL', keyOf(model, 'deleted')]);
    latencies['DEL'] = await untilEveryProcessReads(procs, model, 'deleted', null, performance.now());

    // Invalidation is per key: the untouched texts are still served by each L1.
    for (const proc of procs) {
      const before = (await proc.stats()).l1Hits;
      await expect(proc.getMany(model, ['kept 1', 'kept 2'])).resolves.toEqual([expectedVector('kept 1'), expectedVector('kept 2')]);
      expect((await proc.stats()).l1Hits - before).toBe(2);
    }
  });

  it('SET of another valid value: every process reads the new value', async () => {
    const model = 'overwrite';
    await seed(model, ['overwritten']);
    await fillEveryL1(procs, model, ['overwritten'], expectedVector);

    await raw.set(keyOf(model, 'overwritten'), encodeVector(vectorFor('another value', COHERENCE_DIMS), 'float32'), 'EX', TTL_SECONDS);
    latencies['SET'] = await untilEveryProcessReads(procs, model, 'overwritten', expectedVector('another value'), performance.now());
  });

  it('expiry: every process stops serving the vector once Redis expires the key', async () => {
    const model = 'expiry';
    await seed(model, ['expiring']);
    await fillEveryL1(procs, model, ['expiring'], expectedVector);

    await raw.pexpire(keyOf(model, 'expiring'), 300);
    const expiresAt = performance.now() + 300;
    latencies['expiry'] = (await untilEveryProcessReads(procs, model, 'expiring', null, expiresAt)).map((ms) => Math.max(0, ms));
  });

  it('eviction (maxmemory + allkeys-lru): no process serves a vector Redis evicted', async () => {
    const model = 'eviction';
    const texts = Array.from({ length: 20 }, (_, i) => `evicted ${i}`);
    await seed(model, texts);
    await fillEveryL1(procs, model, texts, expectedVector);

    const used = Number(parseInfo(await raw.info('memory'))['used_memory']);
    await raw.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await raw.config('SET', 'maxmemory', String(used + 256 * 1024));
    try {
      const filler = Buffer.alloc(16 * 1024, 1);
      for (let i = 0; i < 200; i += 1) await raw.set(`filler:${i}`, filler);
      const evicted: string[] = [];
      for (const text of texts) if ((await raw.exists(keyOf(model, text))) === 0) evicted.push(text);
      expect(evicted.length).toBeGreaterThan(0);
      const since = performance.now();
      const perKey = await Promise.all(evicted.map((text) => untilEveryProcessReads(procs, model, text, null, since)));
      latencies['eviction'] = perKey.map((ms) => Math.max(...ms));
    } finally {
      await raw.config('SET', 'maxmemory', '0');
      await raw.del(...Array.from({ length: 200 }, (_, i) => `filler:${i}`));
    }
  });

  it('FLUSHDB: every process stops serving every vector', async () => {
    const model = 'flush';
    const texts = ['flushed 1', 'flushed 2'];
    await seed(model, texts);
    await fillEveryL1(procs, model, texts, expectedVector);

    await redisCli(server.port, ['FLUSHDB']);
    const since = performance.now();
    const first = await untilEveryProcessReads(procs, model, 'flushed 1', null, since);
    await untilEveryProcessReads(procs, model, 'flushed 2', null, since);
    latencies['FLUSHDB'] = first;
  });

  it('clear() in one process: the two others stop serving the vectors too', async () => {
    const model = 'clear';
    const texts = ['cleared 1', 'cleared 2'];
    await seed(model, texts);
    await fillEveryL1(procs, model, texts, expectedVector);

    await expect(procs[0].clear()).resolves.toBeGreaterThanOrEqual(2);
    const since = performance.now();
    latencies['clear()'] = await untilEveryProcessReads(procs, model, 'cleared 1', null, since);
    await untilEveryProcessReads(procs, model, 'cleared 2', null, since);
  });
});
