import { Registry } from 'prom-client';
import { CacheCounters } from './cache-counters';
import { CacheTiers } from './cache-tiers';
import { EmbeddingCacheMetrics } from './embedding-cache.metrics';
import type { FetchedVectors } from './interfaces/fetched-vectors.interface';
import { L1Tier } from './l1/l1-tier';
import type { VectorCommands } from './redis/vector-commands';
import { createDeferred } from './utils/create-deferred.util';

/**
 * Redis replaced by reads the test answers when it chooses, so that an invalidation can be
 * scripted to arrive while a read is in flight, as it can when the reply and the invalidation
 * travel on two connections.
 */
function setup(): {
  tiers: CacheTiers;
  l1: L1Tier;
  redis: { read: jest.Mock; readOne: jest.Mock; write: jest.Mock; writeOne: jest.Mock; clear: jest.Mock };
} {
  const metrics = new EmbeddingCacheMetrics({ registry: new Registry() });
  const l1 = new L1Tier({ maxMb: 1, ttlSeconds: 60, maxStaleMs: 1_000 }, metrics);
  l1.vouch(Infinity);
  const redis = {
    read: jest.fn(),
    readOne: jest.fn(),
    write: jest.fn(async (keys: string[]) => keys.length),
    writeOne: jest.fn(async () => true),
    clear: jest.fn(async () => 0),
  };
  const tiers = new CacheTiers(l1, redis as unknown as VectorCommands, new CacheCounters(metrics), 'float32');
  return { tiers, l1, redis };
}

const OLD = new Float32Array([1, 1]);
const NEW = new Float32Array([2, 2]);

describe('CacheTiers with an L1: races between reads and invalidations', () => {
  it('an invalidation arriving while a batch read is in flight keeps the stale reply out of L1', async () => {
    const { tiers, l1, redis } = setup();
    const reply = createDeferred<FetchedVectors>();
    redis.read.mockReturnValueOnce(reply.promise);

    const fetching = tiers.fetch(['k', 'other']);
    // Redis executed the read, then another process overwrote k; the invalidation arrives first.
    l1.invalidate(['k']);
    reply.resolve({ vectors: [OLD, OLD], faulted: false });
    // The caller gets what Redis returned: it was the value when the read ran.
    await expect(fetching).resolves.toEqual({ vectors: [OLD, OLD], faulted: false });

    expect(l1.read('k')).toBeUndefined();
    expect(l1.read('other')).toEqual(OLD);
    redis.read.mockResolvedValueOnce({ vectors: [NEW], faulted: false });
    await expect(tiers.fetch(['k'])).resolves.toEqual({ vectors: [NEW], faulted: false });
    expect(redis.read).toHaveBeenLastCalledWith(['k'], true, undefined);
  });

  it('the same for a single get', async () => {
    const { tiers, l1, redis } = setup();
    const reply = createDeferred<Float32Array | null>();
    redis.readOne.mockReturnValueOnce(reply.promise);

    const getting = tiers.get('k');
    l1.invalidate(['k']);
    reply.resolve(OLD);
    await expect(getting).resolves.toEqual(OLD);

    expect(l1.read('k')).toBeUndefined();
  });

  it('a flush (channel resubscribed, FLUSHDB) while a read is in flight keeps all of that read out of L1', async () => {
    const { tiers, l1, redis } = setup();
    const reply = createDeferred<FetchedVectors>();
    redis.read.mockReturnValueOnce(reply.promise);

    const fetching = tiers.fetch(['a', 'b']);
    l1.flush('reconnect');
    reply.resolve({ vectors: [OLD, OLD], faulted: false });
    await fetching;

    expect(l1.entries).toBe(0);
  });

  it("this process's own write of a key being read keeps the older reply out of L1, and drops the cached value at once", async () => {
    const { tiers, l1, redis } = setup();
    redis.read.mockResolvedValueOnce({ vectors: [OLD], faulted: false });
    await tiers.fetch(['cached']);
    expect(l1.read('cached')).toEqual(OLD);

    const reply = createDeferred<FetchedVectors>();
    redis.read.mockReturnValueOnce(reply.promise);
    const fetching = tiers.fetch(['k']);
    await tiers.store(['k', 'cached'], [NEW, NEW]);
    reply.resolve({ vectors: [OLD], faulted: false });
    await fetching;

    expect(l1.read('k')).toBeUndefined();
    expect(l1.read('cached')).toBeUndefined();
    expect(l1.entries).toBe(0);
  });

  it('a read sent after the invalidation fills L1 as usual; L1 hits do not go to Redis', async () => {
    const { tiers, l1, redis } = setup();
    l1.invalidate(['k']);
    redis.read.mockResolvedValueOnce({ vectors: [NEW], faulted: false });
    await tiers.fetch(['k']);

    await expect(tiers.fetch(['k'])).resolves.toEqual({ vectors: [NEW], faulted: false });
    expect(redis.read).toHaveBeenCalledTimes(1);
  });

  it('clear() flushes L1 before deleting in Redis', async () => {
    const { tiers, l1, redis } = setup();
    redis.read.mockResolvedValueOnce({ vectors: [OLD], faulted: false });
    await tiers.fetch(['k']);

    await tiers.clear();
    expect(l1.entries).toBe(0);
    expect(redis.clear).toHaveBeenCalledTimes(1);
  });
});
