import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { startRedisServer, waitFor } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { encodeVector } from '../src/lib/utils/encode-vector.util';
import { createCache, vectorFor } from './support/create-cache';
import type { CacheInstance } from './support/create-cache';

describe('EmbeddingCacheService against a real redis-server', () => {
  let server: TestRedisServer;
  let raw: Redis;
  let a: CacheInstance;

  /** Keys counted under `result` in `embedding_cache_lock_total` of instance `a`. */
  const lockCount = async (result: string): Promise<number> => {
    const metric = await a.registry.getSingleMetric('embedding_cache_lock_total')?.get();
    return metric?.values.find((v) => v.labels['result'] === result)?.value ?? 0;
  };

  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url);
    a = await createCache(server.url, { prefix: 'it' });
  });

  afterAll(async () => {
    await a.close();
    raw.disconnect();
    await server.stop();
  });

  it('a hit returns the stored vector, each element equal to Math.fround of the input', async () => {
    const input = vectorFor('hit', 1536);
    await expect(a.cache.set('m', 'hit', input)).resolves.toBe(true);
    const got = await a.cache.get('m', 'hit');
    expect(got).toBeInstanceOf(Float32Array);
    expect(Array.from(got ?? [])).toEqual(input.map((x) => Math.fround(x)));
  });

  it('a miss returns null', async () => {
    await expect(a.cache.get('m', 'never written')).resolves.toBeNull();
  });

  it('stores the value in the binary format under prefix:sha256 with the TTL', async () => {
    await a.cache.set('m', 'format', [1, 2, 3]);
    const key = a.cache.makeKey('m', 'format');
    expect(key).toMatch(/^it:[0-9a-f]{64}$/);
    await expect(raw.getBuffer(key)).resolves.toEqual(encodeVector([1, 2, 3]));
    const ttl = await raw.ttl(key);
    expect(ttl).toBeGreaterThan(30 * 86_400 - 5);
    expect(ttl).toBeLessThanOrEqual(30 * 86_400);
  });

  it('an entry written through one module instance is read by a second instance with its own connection', async () => {
    const b = await createCache(server.url, { prefix: 'it' });
    try {
      await a.cache.set('m', 'shared', [0.5, -0.5]);
      const clientIds = await raw.client('LIST');
      expect(String(clientIds).split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(3);
      await expect(b.cache.get('m', 'shared')).resolves.toEqual(new Float32Array([0.5, -0.5]));
    } finally {
      await b.close();
    }
  });

  it('entries expire after a short TTL set through the module options', async () => {
    const short = await createCache(server.url, { prefix: 'ttl', ttlSeconds: 1 });
    try {
      await short.cache.set('m', 'soon gone', [1]);
      await expect(raw.pttl(short.cache.makeKey('m', 'soon gone'))).resolves.toBeLessThanOrEqual(1_000);
      await expect(short.cache.get('m', 'soon gone')).resolves.toEqual(new Float32Array([1]));
      // The expiry is the behaviour under test: Redis is given the full TTL (1 s) and a margin.
      await new Promise((r) => setTimeout(r, 1_200));
      await expect(short.cache.get('m', 'soon gone')).resolves.toBeNull();
    } finally {
      await short.close();
    }
  });

  it('getMany returns results in input order, fetching a repeated text once', async () => {
    await a.cache.setMany('m', [
      { text: 'x', vector: [1] },
      { text: 'z', vector: [3] },
    ]);
    const before = a.cache.stats();
    const result = await a.cache.getMany('m', ['z', 'missing', 'x', 'z', 'x']);
    expect(result.map((v) => (v ? v[0] : null))).toEqual([3, null, 1, 3, 1]);
    const after = a.cache.stats();
    expect(after.hits - before.hits).toBe(2);
    expect(after.misses - before.misses).toBe(1);
  });

  it('getOrCompute calls compute once with only the unique misses, and writes them back', async () => {
    await a.cache.set('goc', 'cached', [9]);
    const compute = jest.fn(async (texts: string[]) => texts.map((t) => [t.length]));
    const result = await a.cache.getOrComputeDetailed('goc', ['new-1', 'cached', 'new-22', 'new-1', 'cached'], compute);

    expect(compute).toHaveBeenCalledTimes(1);
    expect(compute).toHaveBeenCalledWith(['new-1', 'new-22']);
    expect(result.vectors.map((v) => v[0])).toEqual([5, 9, 6, 5, 9]);
    expect(result).toMatchObject({ hits: 2, misses: 3, computed: 2 });

    const again = jest.fn(async (texts: string[]) => texts.map(() => [0]));
    const second = await a.cache.getOrComputeDetailed('goc', ['new-1', 'new-22'], again);
    expect(again).not.toHaveBeenCalled();
    expect(second).toMatchObject({ hits: 2, misses: 0, computed: 0 });
  });

  it('concurrent getOrCompute calls for the same texts share one computation', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = jest.fn(async (texts: string[]) => {
      await gate;
      return texts.map((t) => vectorFor(t, 4));
    });
    const missesBefore = a.cache.stats().misses;
    const lockedBefore = await lockCount('acquired');
    const waitedBefore = await lockCount('waited');
    const calls = Array.from({ length: 5 }, () => a.cache.getOrCompute('share', ['p', 'q'], compute));
    // Released only once all five have looked Redis up (2 misses each) and one is computing, so
    // the other four can only have joined it: a second computation would show in the counts below.
    await waitFor(() => compute.mock.calls.length > 0 && a.cache.stats().misses - missesBefore === 10, {
      timeoutMs: 5_000,
      description: 'five lookups done and one computation started',
    });
    release();
    const results = await Promise.all(calls);

    expect(compute).toHaveBeenCalledTimes(1);
    // Shared in this process: only the computing call took the fleet locks, nobody waited on them.
    await expect(lockCount('acquired')).resolves.toBe(lockedBefore + 2);
    await expect(lockCount('waited')).resolves.toBe(waitedBefore);
    for (const vectors of results) {
      expect(Array.from(vectors[0])).toEqual(vectorFor('p', 4).map(Math.fround));
      expect(Array.from(vectors[1])).toEqual(vectorFor('q', 4).map(Math.fround));
    }
  });

  it('a concurrent call that overlaps partly computes only what nobody else is computing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = jest.fn(async (texts: string[]) => (await gate, texts.map(() => [1])));
    const second = jest.fn(async (texts: string[]) => texts.map(() => [2]));
    const waitedBefore = await lockCount('waited');
    const p1 = a.cache.getOrCompute('overlap', ['s', 't'], first);
    await waitFor(() => first.mock.calls.length === 1, { timeoutMs: 5_000, description: 'the first computation to start' });
    const p2 = a.cache.getOrCompute('overlap', ['t', 'u'], second);
    // The second call computes 'u' only after it has joined the first call's 't'.
    await waitFor(() => second.mock.calls.length === 1, { timeoutMs: 5_000, description: 'the second computation to start' });
    release();
    const [r1, r2] = await Promise.all([p1, p2]);
    expect(first).toHaveBeenCalledWith(['s', 't']);
    expect(second).toHaveBeenCalledWith(['u']);
    // 't' was shared in this process, not by waiting on the first call's fleet lock.
    await expect(lockCount('waited')).resolves.toBe(waitedBefore);
    expect(r1.map((v) => v[0])).toEqual([1, 1]);
    expect(r2.map((v) => v[0])).toEqual([1, 2]);
  });

  it('a value in a foreign format or of the wrong length is a miss, not an error', async () => {
    const foreign = a.cache.makeKey('m', 'foreign');
    const truncated = a.cache.makeKey('m', 'truncated');
    await raw.set(foreign, JSON.stringify([0.1, 0.2, 0.3]));
    await raw.set(truncated, encodeVector([1, 2, 3, 4]).subarray(0, 14));
    const before = a.cache.stats().corrupt;

    await expect(a.cache.get('m', 'foreign')).resolves.toBeNull();
    await expect(a.cache.getMany('m', ['foreign', 'truncated'])).resolves.toEqual([null, null]);
    expect(a.cache.stats().corrupt - before).toBe(3);

    const compute = jest.fn(async (texts: string[]) => texts.map(() => [7, 7, 7]));
    await expect(a.cache.getOrCompute('m', ['foreign'], compute)).resolves.toEqual([new Float32Array([7, 7, 7])]);
    await expect(a.cache.get('m', 'foreign')).resolves.toEqual(new Float32Array([7, 7, 7]));
  });

  it('clear deletes only keys under the prefix', async () => {
    const other = await createCache(server.url, { prefix: 'other' });
    try {
      await other.cache.set('m', 'keep me', [1]);
      await raw.set('unrelated', 'x');
      await raw.set('it', 'no colon, not under the prefix');
      await a.cache.setMany('m', Array.from({ length: 2_500 }, (_, i) => ({ text: `bulk ${i}`, vector: [i] })));

      const deleted = await a.cache.clear();

      expect(deleted).toBeGreaterThanOrEqual(2_500);
      await expect(raw.keys('it:*')).resolves.toEqual([]);
      await expect(other.cache.get('m', 'keep me')).resolves.toEqual(new Float32Array([1]));
      await expect(raw.get('unrelated')).resolves.toBe('x');
      await expect(raw.get('it')).resolves.toBe('no colon, not under the prefix');
    } finally {
      await other.close();
    }
  });

  it('health is up with a latency when Redis answers', async () => {
    const result = await a.health.isHealthy();
    expect(result['embedding_cache']).toMatchObject({ status: 'up', state: 'ready' });
    expect(result['embedding_cache']['latencyMs']).toEqual(expect.any(Number));
  });

  it('exposes the metrics on the registry', async () => {
    const text = await a.registry.metrics();
    expect(text).toMatch(/embedding_cache_requests_total\{result="hit"\} \d+/);
    expect(text).toMatch(/embedding_cache_operation_seconds_bucket\{le="0.005",op="get"\}/);
    expect(text).toContain('embedding_cache_circuit_open 0');
  });
});

describe('backward compatibility and a missing Redis', () => {
  it('a set LLAMAINDEX_CACHE_* variable logs one deprecation warning naming it', async () => {
    const { loadEmbeddingCacheOptions } = await import('../src/lib/config/embedding-cache.config');
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const env = { LLAMAINDEX_CACHE_PATH: '/var/cache/embeddings.json' };
      loadEmbeddingCacheOptions(env);
      loadEmbeddingCacheOptions(env);
      const mine = warn.mock.calls.filter(([message]) => String(message).includes('LLAMAINDEX_CACHE_PATH'));
      expect(mine).toHaveLength(1);
      expect(String(mine[0][0])).toMatch(/^LLAMAINDEX_CACHE_PATH is deprecated/);
    } finally {
      warn.mockRestore();
    }
  });

  it('with the cache disabled and Redis absent everything still works', async () => {
    const instance = await createCache('redis://127.0.0.1:1', { enabled: false });
    try {
      const compute = jest.fn(async (texts: string[]) => texts.map((t) => [t.length]));
      await expect(instance.cache.getOrCompute('m', ['ab', 'abc'], compute)).resolves.toEqual([
        new Float32Array([2]),
        new Float32Array([3]),
      ]);
      await expect(instance.cache.get('m', 'ab')).resolves.toBeNull();
      await expect(instance.cache.set('m', 'ab', [1])).resolves.toBe(false);
      await expect(instance.cache.clear()).resolves.toBe(0);
      expect(instance.cache.enabled()).toBe(false);
      await expect(instance.health.isHealthy()).resolves.toEqual({ embedding_cache: { status: 'up', state: 'disabled' } });
    } finally {
      await instance.close();
    }
  });
});
