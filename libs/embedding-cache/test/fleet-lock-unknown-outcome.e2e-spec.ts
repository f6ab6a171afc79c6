import { Redis } from 'ioredis';
import { startRedisServer, waitFor } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import type { ComputeEmbeddings } from '../src/lib/interfaces/compute-embeddings.interface';
import { createCache, vectorFor } from './support/create-cache';
import type { CacheInstance } from './support/create-cache';
import { slowCompute } from './support/slow-compute';

const PREFIX = 'doubt';
/** Long enough that waiting it out is unmistakable, short enough to keep the suite quick. */
const LOCK_WAIT_MS = 5_000;
/** A waiter that is not stuck takes over within a few polls; generous for a busy 2-core machine. */
const NO_STUCK_WAIT_MS = 2_000;
/** How long Redis holds write commands (`CLIENT PAUSE … WRITE`): far past the 50 ms call deadline. */
const PAUSE_MS = 500;

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

  const lockKeyOf = (text: string): string => other.cache.makeKey('m', text).replace(`${PREFIX}:`, `${PREFIX}:lock:`);
  /** A cache with its own connection; `breakerThreshold: 1` makes the missed SET NX open its circuit. */
  const holderCache = (breakerThreshold?: number): Promise<CacheInstance> =>
    createCache(server.url, { prefix: PREFIX, lockWaitMs: LOCK_WAIT_MS, lockPollMs: 20, ...(breakerThreshold && { breakerThreshold }) });

  /**
   * Pauses Redis' writes, lets `holder` look `text` up (answered), try its lock (held by the pause)
   * and call `compute`; resolves `holder`'s call (settled either way) once the pause is over, i.e.
   * once a write on the raw connection returns behind the held SET NX.
   */
  const missTheLock = async (holder: CacheInstance, text: string, compute: ComputeEmbeddings) => {
    await raw.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'WRITE');
    const result = holder.cache.getOrCompute('m', [text], compute).then(
      (vectors) => ({ vectors }),
      (error: Error) => ({ error }),
    );
    await raw.set(`${PREFIX}:pause-over`, '1');
    return result;
  };

  /** Asks `instance` for `text` and resolves how long it took and what it computed. */
  const timedLookup = async (instance: CacheInstance, text: string) => {
    const calls: string[][] = [];
    const started = performance.now();
    const [vector] = await instance.cache.getOrCompute('m', [text], slowCompute(0, calls));
    const elapsed = performance.now() - started;
    console.log(`"${text}": the next lookup took ${elapsed.toFixed(1)} ms (lock wait ${LOCK_WAIT_MS} ms)`);
    return { elapsed, calls, vector };
  };

  it('the write-back skipped by an open circuit: another process computes at once instead of waiting the lock out', async () => {
    const holder = await holderCache(1);
    try {
      const calls: string[][] = [];
      const { vectors } = (await missTheLock(holder, 'orphaned by a breaker', slowCompute(0, calls))) as { vectors: Float32Array[] };
      expect(vectors).toHaveLength(1);
      expect(calls).toEqual([['orphaned by a breaker']]);
      await waitFor(() => holder.cache.enabled(), { timeoutMs: 3_000, description: "the holder's circuit to close" });
      // The scenario of the issue: the value was never written (the circuit was open).
      await expect(raw.exists(holder.cache.makeKey('m', 'orphaned by a breaker'))).resolves.toBe(0);

      const lookup = await timedLookup(other, 'orphaned by a breaker');

      expect(lookup.calls).toEqual([['orphaned by a breaker']]);
      expect(Array.from(lookup.vector)).toEqual(vectorFor('orphaned by a breaker', 16).map(Math.fround));
      expect(lookup.elapsed).toBeLessThan(NO_STUCK_WAIT_MS);
      await waitFor(async () => (await raw.exists(lockKeyOf('orphaned by a breaker'))) === 0, { description: 'no lock left' });
    } finally {
      await holder.close();
    }
  });

  it('the same process asking again does not wait for the lock it left behind', async () => {
    const holder = await holderCache(1);
    try {
      await missTheLock(holder, 'orphaned, asked again', slowCompute(0, []));
      await waitFor(() => holder.cache.enabled(), { timeoutMs: 3_000, description: "the holder's circuit to close" });

      const lookup = await timedLookup(holder, 'orphaned, asked again');

      expect(lookup.calls).toEqual([['orphaned, asked again']]);
      expect(lookup.elapsed).toBeLessThan(NO_STUCK_WAIT_MS);
    } finally {
      await holder.close();
    }
  });

  it('a failed compute after a missed SET NX (circuit closed): the lock that lands later is released behind it', async () => {
    const holder = await holderCache();
    try {
      const outcome = await missTheLock(holder, 'orphaned by a failure', slowCompute(0, [], new Error('provider 500')));
      expect(outcome).toEqual({ error: new Error('provider 500') });

      const lookup = await timedLookup(other, 'orphaned by a failure');

      expect(lookup.calls).toEqual([['orphaned by a failure']]);
      expect(lookup.elapsed).toBeLessThan(NO_STUCK_WAIT_MS);
    } finally {
      await holder.close();
    }
  });

  it('a holder still computing when its late SET NX lands keeps the lock until it has written: the text is computed once', async () => {
    const holder = await holderCache();
    try {
      const holderCalls: string[][] = [];
      // The holder computes for 3 pause lengths: its SET NX is applied (the lock is its own) while it computes.
      const computing = missTheLock(holder, 'late but held', slowCompute(3 * PAUSE_MS, holderCalls));
      await waitFor(async () => (await raw.exists(lockKeyOf('late but held'))) === 1, { description: 'the late lock' });

      const lookup = await timedLookup(other, 'late but held');
      await computing;

      expect(holderCalls).toEqual([['late but held']]);
      // The other process waited for the holder's value instead of computing it a second time.
      expect(lookup.calls).toEqual([]);
      expect(Array.from(lookup.vector)).toEqual(vectorFor('late but held', 16).map(Math.fround));
      await waitFor(async () => (await raw.exists(lockKeyOf('late but held'))) === 0, { description: 'the lock released' });
    } finally {
      await holder.close();
    }
  });
});
