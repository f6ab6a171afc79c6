import { Redis } from 'ioredis';
import { startRedisServer, waitFor } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { decodeVector } from '../src/lib/utils/decode-vector.util';
import { encodeVector } from '../src/lib/utils/encode-vector.util';
import { createCache, vectorFor } from './support/create-cache';
import type { CacheInstance } from './support/create-cache';

const DIMS = 16;

/** Values in the cache's own binary format that no caller stating `DIMS` dims can use. */
const POISONS: ReadonlyArray<readonly [string, Buffer]> = [
  ['of other dims', encodeVector([1, 2, 3])],
  ['holding NaN', encodeVector(vectorFor('nan', DIMS).map((x, i) => (i === 7 ? Number.NaN : x)))],
  ['holding +Infinity', encodeVector(vectorFor('inf', DIMS).map((x, i) => (i === 0 ? Number.POSITIVE_INFINITY : x)))],
  ['holding -Infinity', encodeVector(vectorFor('-inf', DIMS).map((x, i) => (i === DIMS - 1 ? Number.NEGATIVE_INFINITY : x)))],
  ['in float16 holding NaN', Object.assign(encodeVector(vectorFor('f16', DIMS), 'float16'), { 9: 0x7e, 8: 0x00 })],
];

/** `embedding_cache_requests_total{result}` of an instance. */
async function lookups(instance: CacheInstance, result: string): Promise<number> {
  const metric = await instance.registry.getSingleMetric('embedding_cache_requests_total')?.get();
  return metric?.values.find((v) => v.labels['result'] === result)?.value ?? 0;
}

describe('poisoned values in Redis: never served to a caller who states its dims, recomputed and overwritten', () => {
  let server: TestRedisServer;
  let raw: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url);
  });

  afterAll(async () => {
    raw.disconnect();
    await server.stop();
  });

  describe.each([
    ['Redis only', 0],
    ['with the L1 tier', 8],
  ])('%s', (_tier, l1MaxMb) => {
    let instance: CacheInstance;
    const model = `poison-l1-${l1MaxMb}`;

    beforeAll(async () => {
      instance = await createCache(server.url, { prefix: 'poison', l1MaxMb });
    });

    afterAll(async () => {
      await instance.close();
    });

    it.each(POISONS)('a value %s: getOrCompute recomputes it (counted corrupt) and Redis then holds the valid value', async (name, poison) => {
      const { cache } = instance;
      const text = `poisoned ${name}`;
      const valid = `valid neighbour of ${name}`;
      await cache.set(model, valid, vectorFor(valid, DIMS));
      await raw.set(cache.makeKey(model, text), poison);
      const corruptBefore = cache.stats().corrupt;
      const metricBefore = await lookups(instance, 'corrupt');
      const compute = jest.fn(async (texts: string[]) => texts.map((t) => vectorFor(t, DIMS)));

      const result = await cache.getOrComputeDetailed(model, [valid, text], compute, { dimensions: DIMS });

      expect(compute).toHaveBeenCalledWith([text]);
      expect(result).toMatchObject({ hits: 1, misses: 1, computed: 1 });
      expect(result.vectors.map((v) => v.length)).toEqual([DIMS, DIMS]);
      expect(result.vectors[1]).toEqual(Float32Array.from(vectorFor(text, DIMS)));
      expect(cache.stats().corrupt - corruptBefore).toBe(1);
      expect((await lookups(instance, 'corrupt')) - metricBefore).toBe(1);
      const stored = decodeVector((await raw.getBuffer(cache.makeKey(model, text))) as Buffer);
      expect(stored).toEqual(Float32Array.from(vectorFor(text, DIMS)));
    });

    it.each(POISONS)('a value %s is a corrupt miss for get and getMany with dims', async (name, poison) => {
      const { cache } = instance;
      const text = `read ${name}`;
      const valid = `read neighbour of ${name}`;
      await cache.set(model, valid, vectorFor(valid, DIMS));
      await raw.set(cache.makeKey(model, text), poison);
      const before = cache.stats().corrupt;

      await expect(cache.get(model, text, { dimensions: DIMS })).resolves.toBeNull();
      const many = await cache.getMany(model, [text, valid], { dimensions: DIMS });

      expect(many[0]).toBeNull();
      expect(many[1]).toEqual(Float32Array.from(vectorFor(valid, DIMS)));
      expect(cache.stats().corrupt - before).toBe(2);
    });
  });

  it('a non-finite value is a corrupt miss even for a caller who states no dims', async () => {
    const instance = await createCache(server.url, { prefix: 'poison-nodims' });
    try {
      const { cache } = instance;
      await raw.set(cache.makeKey('m', 'nan'), POISONS[1][1]);
      await expect(cache.get('m', 'nan')).resolves.toBeNull();
      await expect(cache.getMany('m', ['nan'])).resolves.toEqual([null]);
      expect(cache.stats()).toMatchObject({ corrupt: 2, hits: 0 });
    } finally {
      await instance.close();
    }
  });

  it('an L1 entry of other dims is not served to a caller who states dims; the recomputation replaces it', async () => {
    const instance = await createCache(server.url, { prefix: 'poison-l1', l1MaxMb: 8 });
    try {
      const { cache } = instance;
      // A caller stating no dims keeps a 3-dim value in the L1 (set, or a read that filled it).
      await cache.set('m', 'short', [1, 2, 3]);
      await raw.set(cache.makeKey('m', 'read short'), encodeVector([4, 5, 6]));
      await expect(cache.get('m', 'read short')).resolves.toEqual(new Float32Array([4, 5, 6]));
      const l1HitsBefore = cache.stats().l1Hits;

      await expect(cache.get('m', 'short', { dimensions: DIMS })).resolves.toBeNull();
      const compute = jest.fn(async (texts: string[]) => texts.map((t) => vectorFor(t, DIMS)));
      const result = await cache.getOrComputeDetailed('m', ['short', 'read short'], compute, { dimensions: DIMS });

      expect(cache.stats().l1Hits).toBe(l1HitsBefore);
      expect(compute).toHaveBeenCalledWith(['short', 'read short']);
      expect(result.vectors.map((v) => v.length)).toEqual([DIMS, DIMS]);
      // Recomputed values replaced Redis, and the writer's L1 forgot the old ones (a write comes back
      // as an invalidation and does not fill L1): reads get the right dims, and once one has
      // refilled the L1 (after the writes' invalidations arrived) they are L1 hits.
      await waitFor(
        async () => {
          await expect(cache.get('m', 'short', { dimensions: DIMS })).resolves.toEqual(Float32Array.from(vectorFor('short', DIMS)));
          return cache.stats().l1Hits > l1HitsBefore;
        },
        { timeoutMs: 5_000, description: 'an L1 hit of the recomputed vector' },
      );
      expect(decodeVector((await raw.getBuffer(cache.makeKey('m', 'read short'))) as Buffer)?.length).toBe(DIMS);
    } finally {
      await instance.close();
    }
  });

  it('without stated dims a batch still drops values whose dims differ from the majority (the rule before)', async () => {
    const instance = await createCache(server.url, { prefix: 'poison-batch' });
    try {
      const { cache } = instance;
      await cache.setMany('m', ['a', 'b'].map((text) => ({ text, vector: vectorFor(text, DIMS) })));
      await raw.set(cache.makeKey('m', 'odd'), encodeVector([1, 2, 3]));
      const result = await cache.getMany('m', ['a', 'odd', 'b']);
      expect(result.map((v) => v?.length ?? null)).toEqual([DIMS, null, DIMS]);
    } finally {
      await instance.close();
    }
  });

  it('a vector of other dims shared by a concurrent call that stated none is computed again, not returned', async () => {
    const instance = await createCache(server.url, { prefix: 'poison-shared' });
    try {
      const { cache } = instance;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const short = jest.fn(async (texts: string[]) => (await gate, texts.map(() => [1, 2, 3])));
      const right = jest.fn(async (texts: string[]) => texts.map((t) => vectorFor(t, DIMS)));
      const first = cache.getOrCompute('m', ['shared'], short);
      await waitFor(() => short.mock.calls.length === 1, { timeoutMs: 5_000, description: 'the first computation to start' });
      const second = cache.getOrComputeDetailed('m', ['shared'], right, { dimensions: DIMS });
      // The second call has joined the first call's computation of 'shared' by the time it is released.
      await new Promise((resolve) => setImmediate(resolve));
      release();

      await expect(first).resolves.toEqual([new Float32Array([1, 2, 3])]);
      const result = await second;
      expect(result.vectors).toEqual([Float32Array.from(vectorFor('shared', DIMS))]);
      expect(result).toMatchObject({ hits: 0, misses: 1, computed: 1 });
      expect(right).toHaveBeenCalledWith(['shared']);
    } finally {
      await instance.close();
    }
  });

  it('modelDimensions states the dims of a model for every call that names it', async () => {
    const instance = await createCache(server.url, { prefix: 'poison-model', modelDimensions: { 'known-model': DIMS } });
    try {
      const { cache } = instance;
      await raw.set(cache.makeKey('known-model', 'x'), encodeVector([1, 2, 3]));
      await raw.set(cache.makeKey('other-model', 'x'), encodeVector([1, 2, 3]));
      await expect(cache.get('known-model', 'x')).resolves.toBeNull();
      await expect(cache.get('other-model', 'x')).resolves.toEqual(new Float32Array([1, 2, 3]));
      // A dimension count given with the call wins over the module's.
      await expect(cache.get('known-model', 'x', { dimensions: 3 })).resolves.toEqual(new Float32Array([1, 2, 3]));
      await expect(cache.getOrCompute('known-model', ['x'], async () => [[1, 2, 3]])).rejects.toThrow(
        `compute()[0] has 3 dimensions, expected ${DIMS}`,
      );
    } finally {
      await instance.close();
    }
  });
});
