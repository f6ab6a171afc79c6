import { Redis } from 'ioredis';
import { startRedisServer, waitFor } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { createCache, vectorFor } from './support/create-cache';
import { writeAndAwaitOwnInvalidations } from './support/l1-coherence-helpers';
import type { CacheInstance } from './support/create-cache';
import type { L1Receipt } from '../src';

/**
 * Kills the server and waits until the client has seen it: nestjs-redis closes a client it still
 * believes ready with QUIT, which fails on a dead socket and would leave it reconnecting forever.
 */
async function killAndWait(server: TestRedisServer, instance: CacheInstance): Promise<void> {
  await server.kill();
  await waitFor(async () => instance.cache.stats().state !== 'ready', { timeoutMs: 2_000 });
}

/** Reads `texts` until the L1 serves them all (write with `writeAndAwaitOwnInvalidations` first). */
async function untilInL1(instance: CacheInstance, texts: string[]): Promise<void> {
  await waitFor(
    async () => {
      const before = instance.cache.stats().l1Hits;
      await instance.cache.getMany('m', texts);
      return instance.cache.stats().l1Hits - before === texts.length;
    },
    { timeoutMs: 2_000, description: 'texts served from L1' },
  );
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

describe('L1 in-process tier', () => {
  let server: TestRedisServer;

  beforeEach(async () => {
    server = await startRedisServer();
  });

  afterEach(async () => {
    await server.stop();
  });

  it('with a long l1MaxStaleMs, serves what it read from Redis while Redis is down, counted as l1_hit', async () => {
    // No fleet lock: its lock keys would add invalidations to the count awaited below.
    const instance = await createCache(server.url, { prefix: 'l1', l1MaxMb: 8, l1MaxStaleMs: 60_000, lockEnabled: false });
    const { cache, registry, close } = instance;
    try {
      await writeAndAwaitOwnInvalidations(instance, 2, async () => {
        await cache.set('m', 'kept', vectorFor('kept', 1536));
        await cache.getOrCompute('m', ['computed'], async (texts) => texts.map((t) => vectorFor(t, 1536)));
      });
      await untilInL1(instance, ['kept', 'computed']);
      const l1HitsBefore = cache.stats().l1Hits;
      await killAndWait(server, instance);
      await expect(cache.get('m', 'kept')).resolves.toEqual(Float32Array.from(vectorFor('kept', 1536)));
      const compute = jest.fn(async (texts: string[]) => texts.map(() => [0]));
      await expect(cache.getOrCompute('m', ['computed', 'kept'], compute)).resolves.toHaveLength(2);
      expect(compute).not.toHaveBeenCalled();
      await expect(cache.get('m', 'never seen')).resolves.toBeNull();
      expect(cache.stats().l1Hits - l1HitsBefore).toBe(3);
      expect(await registry.getSingleMetricAsString('embedding_cache_requests_total')).toMatch(/result="l1_hit"} \d+/);
    } finally {
      await close();
    }
  });

  it('is bounded by l1MaxMb and evicts the least recently used entries', async () => {
    const instance = await createCache(server.url, { prefix: 'l1', l1MaxMb: 1, l1MaxStaleMs: 60_000 });
    const { cache, close } = instance;
    try {
      const texts = Array.from({ length: 400 }, (_, i) => `bounded ${i}`);
      await writeAndAwaitOwnInvalidations(instance, texts.length, () =>
        cache.setMany('m', texts.map((text) => ({ text, vector: vectorFor(text, 1536) }))),
      );
      for (const text of texts) await cache.get('m', text);
      const { l1Bytes, l1Entries } = cache.stats();
      expect(l1Bytes).toBeLessThanOrEqual(1024 * 1024);
      expect(l1Entries).toBeGreaterThan(100);
      expect(l1Entries).toBeLessThan(400);
      await killAndWait(server, instance);
      await expect(cache.get('m', texts[0])).resolves.toBeNull();
      await expect(cache.get('m', texts[399])).resolves.not.toBeNull();
    } finally {
      await close();
    }
  });

  it('fromMemory: serves an all-L1 batch synchronously and counts it as getOrCompute would; anything else is undefined and uncounted', async () => {
    const instance = await createCache(server.url, { prefix: 'l1', l1MaxMb: 8, l1MaxStaleMs: 60_000 });
    const { cache, close } = instance;
    try {
      await writeAndAwaitOwnInvalidations(instance, 2, () => cache.setMany('m', ['a', 'b'].map((text) => ({ text, vector: vectorFor(text, 16) }))));
      const lengths = (vectors: readonly Float32Array[]): number[] => vectors.map((vector) => vector.length);
      // Not read from Redis yet: the L1 holds nothing.
      expect(cache.fromMemory('m', ['a', 'b'], lengths)).toBeUndefined();
      await untilInL1(instance, ['a', 'b']);
      const before = cache.stats().l1Hits;
      const seen = cache.fromMemory('m', ['b', 'a', 'b'], (vectors) => vectors.map((vector) => Array.from(vector)));
      expect(seen).toEqual([vectorFor('b', 16), vectorFor('a', 16), vectorFor('b', 16)].map((v) => Array.from(Float32Array.from(v))));
      // Unique keys are counted, as getOrComputeDetailed counts its lookups.
      expect(cache.stats().l1Hits - before).toBe(2);
      expect(cache.fromMemory('m', ['a', 'not cached'], lengths)).toBeUndefined();
      expect(cache.fromMemory('m', ['a'], lengths, { dimensions: 8 })).toBeUndefined();
      expect(cache.fromMemory('m', ['a'], () => undefined)).toBeUndefined();
      expect(cache.stats().l1Hits - before).toBe(2);
    } finally {
      await close();
    }
  });

  it('stillInMemory: a fromMemory answer\'s receipt holds while its vectors are the L1\'s, and not once one changed, the dims differ or the L1 was emptied', async () => {
    const instance = await createCache(server.url, { prefix: 'l1', l1MaxMb: 8, l1MaxStaleMs: 60_000 });
    const { cache, close } = instance;
    try {
      await writeAndAwaitOwnInvalidations(instance, 2, () => cache.setMany('m', ['a', 'b'].map((text) => ({ text, vector: vectorFor(text, 16) }))));
      await untilInL1(instance, ['a', 'b']);
      let receipt: L1Receipt | undefined;
      expect(cache.fromMemory('m', ['a', 'b', 'a'], (_vectors, made) => (receipt = made))).toBeDefined();
      const kept = receipt as L1Receipt;
      expect(kept.keys).toHaveLength(2);
      const before = cache.stats().l1Hits;
      expect(cache.stillInMemory(kept)).toBe(true);
      expect(cache.stillInMemory(kept, { dimensions: 16 })).toBe(true);
      // Counted as the same fromMemory would count it: its unique keys, as L1 hits.
      expect(cache.stats().l1Hits - before).toBe(4);
      expect(cache.stillInMemory(kept, { dimensions: 8 })).toBe(false);
      // Another vector for "b" (written here; another process's write is dropped the same way, by the invalidation channel).
      await writeAndAwaitOwnInvalidations(instance, 1, () => cache.set('m', 'b', vectorFor('b, replaced', 16)));
      expect(cache.stillInMemory(kept)).toBe(false);
      await untilInL1(instance, ['a', 'b']);
      // The L1 holds "b" again, read anew: a new entry, so the old receipt still does not hold; a new one does.
      expect(cache.stillInMemory(kept)).toBe(false);
      let renewed: L1Receipt | undefined;
      cache.fromMemory('m', ['a', 'b'], (_vectors, made) => (renewed = made));
      expect(cache.stillInMemory(renewed as L1Receipt)).toBe(true);
      const counted = cache.stats().l1Hits;
      await cache.clear();
      expect(cache.stillInMemory(renewed as L1Receipt)).toBe(false);
      expect(cache.stats().l1Hits).toBe(counted);
    } finally {
      await close();
    }
  });

  it('fromMemory: the same text under two models, asked in turns, gets each model\'s own vector (the key memo is per text and model)', async () => {
    const instance = await createCache(server.url, { prefix: 'l1', l1MaxMb: 8, l1MaxStaleMs: 60_000 });
    const { cache, close } = instance;
    try {
      await writeAndAwaitOwnInvalidations(instance, 2, async () => {
        await cache.set('m1', 'shared text', [1, 1]);
        await cache.set('m2', 'shared text', [2, 2]);
      });
      const values = (vectors: readonly Float32Array[]): number[][] => vectors.map((vector) => Array.from(vector));
      await waitFor(
        async () => {
          await cache.getMany('m1', ['shared text']);
          await cache.getMany('m2', ['shared text']);
          return cache.fromMemory('m1', ['shared text'], values) !== undefined && cache.fromMemory('m2', ['shared text'], values) !== undefined;
        },
        { timeoutMs: 2_000, description: 'both models\' vectors in the L1' },
      );
      for (let turn = 0; turn < 3; turn += 1) {
        expect(cache.fromMemory('m1', ['shared text'], values)).toEqual([[1, 1]]);
        expect(cache.fromMemory('m2', ['shared text', 'shared text'], values)).toEqual([[2, 2], [2, 2]]);
      }
    } finally {
      await close();
    }
  });

  it('hands out copies: a caller mutating its result cannot alter what others read', async () => {
    const instance = await createCache(server.url, { prefix: 'l1', l1MaxMb: 8 });
    const { cache, close } = instance;
    try {
      await writeAndAwaitOwnInvalidations(instance, 1, () => cache.set('m', 'immutable', [1, 2, 3]));
      await untilInL1(instance, ['immutable']);
      const first = (await cache.get('m', 'immutable')) as Float32Array;
      first[0] = 99;
      await expect(cache.get('m', 'immutable')).resolves.toEqual(new Float32Array([1, 2, 3]));
    } finally {
      await close();
    }
  });

  it('is disabled at 0: nothing is served once Redis is gone', async () => {
    const instance = await createCache(server.url, { prefix: 'l1', l1MaxMb: 0 });
    const { cache, close } = instance;
    try {
      await cache.set('m', 'only in redis', [1]);
      await killAndWait(server, instance);
      await expect(cache.get('m', 'only in redis')).resolves.toBeNull();
      expect(cache.stats()).toMatchObject({ l1Hits: 0, l1Entries: 0 });
    } finally {
      await close();
    }
  });
});

describe('float16 storage', () => {
  it('halves the value size; float16 and float32 instances read each other', async () => {
    const server = await startRedisServer();
    const raw = new Redis(server.url);
    const half = await createCache(server.url, { prefix: 'dt', dtype: 'float16' });
    const full = await createCache(server.url, { prefix: 'dt', dtype: 'float32' });
    try {
      const raw16 = vectorFor('sixteen', 1536);
      await half.cache.set('m', 'sixteen', raw16);
      await full.cache.set('m', 'thirty-two', vectorFor('thirty-two', 1536));
      await expect(raw.strlen(half.cache.makeKey('m', 'sixteen'))).resolves.toBe(8 + 2 * 1536);
      await expect(raw.strlen(full.cache.makeKey('m', 'thirty-two'))).resolves.toBe(8 + 4 * 1536);

      const [a, b] = await full.cache.getMany('m', ['sixteen', 'thirty-two']);
      expect(cosine(raw16, a as Float32Array)).toBeGreaterThanOrEqual(0.9999);
      expect(b).toEqual(Float32Array.from(vectorFor('thirty-two', 1536)));
      const [c, d] = await half.cache.getMany('m', ['sixteen', 'thirty-two']);
      expect(c).toEqual(a);
      expect(d).toEqual(b);
    } finally {
      await half.close();
      await full.close();
      raw.disconnect();
      await server.stop();
    }
  });
});
