import { Redis } from 'ioredis';
import { parseInfo, startRedisServer, waitFor } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { createCache, vectorFor } from './support/create-cache';
import type { CacheInstance } from './support/create-cache';
import { slowCompute } from './support/slow-compute';

describe('fleet-wide single-flight (Redis lock per key) between instances with their own connections', () => {
  let server: TestRedisServer;
  let raw: Redis;
  let a: CacheInstance;
  let b: CacheInstance;

  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url);
    a = await createCache(server.url, { prefix: 'fleet', lockPollMs: 20 });
    b = await createCache(server.url, { prefix: 'fleet', lockPollMs: 20 });
  });

  /** Calls of EVAL so far (`INFO commandstats`): each lock release is one. */
  const evalCalls = async (): Promise<number> =>
    Number(/calls=(\d+)/.exec(parseInfo(await raw.info('commandstats'))['cmdstat_eval'] ?? '')?.[1] ?? 0);

  afterAll(async () => {
    await a.close();
    await b.close();
    raw.disconnect();
    await server.stop();
  });

  it('two instances meeting the same new texts at the same moment compute each text once', async () => {
    const callsA: string[][] = [];
    const callsB: string[][] = [];
    const texts = ['fleet 1', 'fleet 2', 'fleet 3'];
    const [ra, rb] = await Promise.all([
      a.cache.getOrComputeDetailed('m', texts, slowCompute(150, callsA)),
      b.cache.getOrComputeDetailed('m', [...texts].reverse(), slowCompute(150, callsB)),
    ]);
    const computedTexts = [...callsA.flat(), ...callsB.flat()].sort();
    expect(computedTexts).toEqual([...texts].sort());
    expect(ra.computed + rb.computed).toBe(3);
    expect(ra.vectors.map((v) => Array.from(v))).toEqual(texts.map((t) => vectorFor(t, 16).map(Math.fround)));
    expect(rb.vectors.map((v) => Array.from(v))).toEqual([...texts].reverse().map((t) => vectorFor(t, 16).map(Math.fround)));
    await expect(raw.keys('fleet:lock:*')).resolves.toEqual([]);
    const lockCounts = async (result: string) => {
      let total = 0;
      for (const instance of [a, b]) {
        const metric = await instance.registry.getSingleMetric('embedding_cache_lock_total')?.get();
        total += metric?.values.find((v) => v.labels['result'] === result)?.value ?? 0;
      }
      return total;
    };
    await expect(lockCounts('acquired')).resolves.toBe(3);
    await expect(lockCounts('waited')).resolves.toBe(3);
  });

  it('without the lock both instances compute the same texts (the lock is what prevents it)', async () => {
    const noLockA = await createCache(server.url, { prefix: 'fleet-nolock', lockEnabled: false });
    const noLockB = await createCache(server.url, { prefix: 'fleet-nolock', lockEnabled: false });
    try {
      const calls: string[][] = [];
      await Promise.all([
        noLockA.cache.getOrCompute('m', ['dup 1', 'dup 2'], slowCompute(100, calls)),
        noLockB.cache.getOrCompute('m', ['dup 1', 'dup 2'], slowCompute(100, calls)),
      ]);
      expect(calls.flat().sort()).toEqual(['dup 1', 'dup 1', 'dup 2', 'dup 2']);
    } finally {
      await noLockA.close();
      await noLockB.close();
    }
  });

  it('a lock left by a dead holder is taken over when it expires', async () => {
    const key = a.cache.makeKey('m', 'orphan');
    const lockKey = key.replace('fleet:', 'fleet:lock:');
    await raw.set(lockKey, 'dead-holder-token', 'PX', 300);
    const calls: string[][] = [];
    const started = Date.now();
    const [vector] = await a.cache.getOrCompute('m', ['orphan'], slowCompute(0, calls));
    const elapsed = Date.now() - started;
    expect(calls).toEqual([['orphan']]);
    expect(Array.from(vector)).toEqual(vectorFor('orphan', 16).map(Math.fround));
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('never waits longer than lockWaitMs for a holder that does not deliver', async () => {
    const impatient = await createCache(server.url, { prefix: 'fleet', lockWaitMs: 300, lockPollMs: 20 });
    try {
      const lockKey = impatient.cache.makeKey('m', 'stuck').replace('fleet:', 'fleet:lock:');
      await raw.set(lockKey, 'slow-holder', 'PX', 60_000);
      const calls: string[][] = [];
      const started = Date.now();
      await impatient.cache.getOrCompute('m', ['stuck'], slowCompute(0, calls));
      const elapsed = Date.now() - started;
      expect(calls).toEqual([['stuck']]);
      expect(elapsed).toBeGreaterThanOrEqual(280);
      // The wait itself is capped at 300 ms; the rest is one poll interval and the write-back.
      expect(elapsed).toBeLessThan(600);
      await expect(raw.get(lockKey)).resolves.toBe('slow-holder');
    } finally {
      await impatient.close();
    }
  });

  it('a holder whose lock expired while it computed does not release the lock another process took over', async () => {
    const shortLived = await createCache(server.url, { prefix: 'fleet', lockTtlMs: 200, lockPollMs: 20 });
    try {
      const lockKey = b.cache.makeKey('m', 'expired').replace('fleet:', 'fleet:lock:');
      const callsSlow: string[][] = [];
      const callsB: string[][] = [];
      // The short-lived holder computes for 500 ms, but its lock lapses after 200 ms.
      const holder = shortLived.cache.getOrCompute('m', ['expired'], slowCompute(500, callsSlow));
      await waitFor(async () => (await raw.exists(lockKey)) === 1, { timeoutMs: 1_000 });
      const firstToken = await raw.get(lockKey);
      // b waits, sees the lock expire, takes it over and computes for 800 ms.
      const taker = b.cache.getOrCompute('m', ['expired'], slowCompute(800, callsB));
      await waitFor(async () => callsB.length === 1, { timeoutMs: 2_000 });
      const takerToken = await raw.get(lockKey);
      expect(takerToken).not.toBeNull();
      expect(takerToken).not.toBe(firstToken);

      const releasesBefore = await evalCalls();
      await holder;
      await waitFor(async () => (await evalCalls()) > releasesBefore, { timeoutMs: 2_000, description: "the first holder's release" });
      // The first holder's release ran its compare-and-delete with its own token: b's lock stands.
      await expect(raw.get(lockKey)).resolves.toBe(takerToken);
      await taker;
      await expect(raw.get(lockKey)).resolves.toBeNull();
      expect(callsSlow).toEqual([['expired']]);
      expect(callsB).toEqual([['expired']]);
    } finally {
      await shortLived.close();
    }
  });

  it('when the holder fails, the waiter takes over at once and the holder gets its error', async () => {
    const callsA: string[][] = [];
    const callsB: string[][] = [];
    const failing = a.cache.getOrCompute('m', ['fragile'], slowCompute(150, callsA, new Error('provider down')));
    // a computes only once it holds the lock: from then on b has to wait for it.
    await waitFor(() => callsA.length === 1, { timeoutMs: 2_000, description: 'a to take the lock and compute' });
    const started = Date.now();
    const waiting = b.cache.getOrCompute('m', ['fragile'], slowCompute(0, callsB));
    await expect(failing).rejects.toThrow('provider down');
    const [vector] = await waiting;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(callsA).toEqual([['fragile']]);
    expect(callsB).toEqual([['fragile']]);
    expect(vector).toHaveLength(16);
  });

  it('falls back to computing when Redis is down (nothing blocks on the lock)', async () => {
    const own = await startRedisServer();
    const solo = await createCache(own.url, { prefix: 'fleet' });
    try {
      await own.kill();
      await waitFor(async () => !solo.cache.enabled(), { timeoutMs: 2_000 });
      const calls: string[][] = [];
      const started = Date.now();
      await expect(solo.cache.getOrCompute('m', ['offline'], slowCompute(0, calls))).resolves.toHaveLength(1);
      expect(calls).toEqual([['offline']]);
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      await solo.close();
      await own.stop();
    }
  });
});
