import { Redis } from 'ioredis';
import { startRedisServer, waitFor } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { createCache, vectorFor } from './support/create-cache';
import type { CacheInstance } from './support/create-cache';

const PREFIX = 'doubt';
/** Long enough that waiting it out is unmistakable, short enough to keep the suite quick. */
const LOCK_WAIT_MS = 5_000;
/** A waiter that is not stuck takes over within a few polls; generous for a busy 2-core machine. */
const NO_STUCK_WAIT_MS = 2_000;
/** How long Redis holds write commands (`CLIENT PAUSE … WRITE`): far past the 50 ms call deadline. */
const PAUSE_MS = 500;

/** A compute that records its texts, takes `ms`, and can be told to fail. */
function recordingCompute(calls: string[][], ms = 0, fail?: Error) {
  return async (texts: string[]) => {
    calls.push(texts);
    // The duration is the behaviour under test: a computation still running when Redis answers again.
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    if (fail) throw fail;
    return texts.map((t) => vectorFor(t, 16));
  };
}

/**
 * A `SET NX PX` whose reply misses the call's deadline has an unknown outcome: the caller computes
 * (fail-open), but Redis may still apply the SET once it answers again, leaving a lock that nobody
 * releases and no value behind it (issue #14: requests waited the full lock wait after Redis
 * resumed). `CLIENT PAUSE <ms> WRITE` holds exactly that: the lookup (a read) is answered, the SET NX
 * is applied only when the pause ends, long after the 50 ms deadline.
 */
describe('fleet lock: locks whose SET NX outcome was unknown are released once Redis answers again', () => {
  let server: TestRedisServer;
  let raw: Redis;
  let other: CacheInstance;

  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url);
    other = await createCache(server.url, { prefix: PREFIX, lockWaitMs: LOCK_WAIT_MS, lockPollMs: 20 });
  });

  afterAll(async () => {
    await other.close();
    raw.disconnect();
    await server.stop();
  });

  const lockKeyOf = (instance: CacheInstance, text: string): string =>
    instance.cache.makeKey('m', text).replace(`${PREFIX}:`, `${PREFIX}:lock:`);
  const pauseWrites = async (): Promise<void> => {
    await raw.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'WRITE');
  };
  /** A write on the raw connection returns once the pause is over and the writes held before it are applied. */
  const pauseOver = async (): Promise<void> => {
    await raw.set(`${PREFIX}:pause-over`, '1');
  };

  /** Asks `instance` for `text` and resolves how long it took and what it computed. */
  const timedLookup = async (instance: CacheInstance, text: string) => {
    const calls: string[][] = [];
    const started = performance.now();
    const [vector] = await instance.cache.getOrCompute('m', [text], recordingCompute(calls));
    return { elapsed: performance.now() - started, calls, vector };
  };

  it('the write-back skipped by an open breaker: another process computes at once instead of waiting the lock out', async () => {
    // breakerThreshold 1: the missed SET NX opens the breaker, as a frozen Redis does, so the value is never written.
    const holder = await createCache(server.url, { prefix: PREFIX, breakerThreshold: 1, lockWaitMs: LOCK_WAIT_MS, lockPollMs: 20 });
    try {
      const calls: string[][] = [];
      await pauseWrites();
      await expect(holder.cache.getOrCompute('m', ['orphaned by a breaker'], recordingCompute(calls))).resolves.toHaveLength(1);
      expect(calls).toEqual([['orphaned by a breaker']]);
      expect(holder.cache.enabled()).toBe(false);
      await pauseOver();
      await waitFor(() => holder.cache.enabled(), { timeoutMs: 3_000, description: "the holder's breaker to close" });
      await expect(raw.exists(holder.cache.makeKey('m', 'orphaned by a breaker'))).resolves.toBe(0);

      const lookup = await timedLookup(other, 'orphaned by a breaker');

      expect(lookup.calls).toEqual([['orphaned by a breaker']]);
      expect(Array.from(lookup.vector)).toEqual(vectorFor('orphaned by a breaker', 16).map(Math.fround));
      expect(lookup.elapsed).toBeLessThan(NO_STUCK_WAIT_MS);
      await waitFor(async () => (await raw.exists(lockKeyOf(other, 'orphaned by a breaker'))) === 0, { description: 'no lock left' });
    } finally {
      await holder.close();
    }
  });

  it('the same process asking again does not wait for the lock it left behind', async () => {
    const holder = await createCache(server.url, { prefix: PREFIX, breakerThreshold: 1, lockWaitMs: LOCK_WAIT_MS, lockPollMs: 20 });
    try {
      await pauseWrites();
      await holder.cache.getOrCompute('m', ['orphaned, asked again'], recordingCompute([]));
      await pauseOver();
      await waitFor(() => holder.cache.enabled(), { timeoutMs: 3_000, description: "the holder's breaker to close" });

      const lookup = await timedLookup(holder, 'orphaned, asked again');

      expect(lookup.calls).toEqual([['orphaned, asked again']]);
      expect(lookup.elapsed).toBeLessThan(NO_STUCK_WAIT_MS);
    } finally {
      await holder.close();
    }
  });

  it('a failed compute after a missed SET NX (breaker closed): the lock that lands later is released behind it', async () => {
    const holder = await createCache(server.url, { prefix: PREFIX, lockWaitMs: LOCK_WAIT_MS, lockPollMs: 20 });
    try {
      await pauseWrites();
      await expect(
        holder.cache.getOrCompute('m', ['orphaned by a failure'], recordingCompute([], 0, new Error('provider 500'))),
      ).rejects.toThrow('provider 500');
      await pauseOver();

      const lookup = await timedLookup(other, 'orphaned by a failure');

      expect(lookup.calls).toEqual([['orphaned by a failure']]);
      expect(lookup.elapsed).toBeLessThan(NO_STUCK_WAIT_MS);
    } finally {
      await holder.close();
    }
  });

  it('a holder still computing when its late SET NX lands keeps the lock until it has written: the text is computed once', async () => {
    const holder = await createCache(server.url, { prefix: PREFIX, lockWaitMs: LOCK_WAIT_MS, lockPollMs: 20 });
    try {
      const holderCalls: string[][] = [];
      await pauseWrites();
      // The holder computes for 3 pause lengths: its SET NX is applied (the lock is its own) while it computes.
      const computing = holder.cache.getOrCompute('m', ['late but held'], recordingCompute(holderCalls, 3 * PAUSE_MS));
      await pauseOver();
      await waitFor(async () => (await raw.exists(lockKeyOf(holder, 'late but held'))) === 1, { description: 'the late lock' });

      const lookup = await timedLookup(other, 'late but held');
      await computing;

      expect(holderCalls).toEqual([['late but held']]);
      // The other process waited for the holder's value instead of computing it a second time.
      expect(lookup.calls).toEqual([]);
      expect(Array.from(lookup.vector)).toEqual(vectorFor('late but held', 16).map(Math.fround));
      await waitFor(async () => (await raw.exists(lockKeyOf(holder, 'late but held'))) === 0, { description: 'the lock released' });
    } finally {
      await holder.close();
    }
  });
});
