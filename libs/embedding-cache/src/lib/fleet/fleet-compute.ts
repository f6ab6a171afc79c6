import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { withSpan } from '@rag/tracing';
import type { CacheCounters } from '../cache-counters';
import type { CacheTiers } from '../cache-tiers';
import type { CacheMiss } from '../interfaces/cache-miss.interface';
import type { ComputeEmbeddings } from '../interfaces/compute-embeddings.interface';
import type { CacheConnection } from '../redis/cache-connection';
import type { FleetLock } from '../redis/fleet-lock';
import type { SingleFlight } from '../single-flight';
import { toFloat32Vectors } from '../utils/to-float32-vectors.util';

/** Settings of `FleetCompute`, from the module options. */
export interface FleetComputeSettings {
  /** Key prefix; lock keys are `<prefix>:lock:<hash>`. */
  prefix: string;
  lockEnabled: boolean;
  lockWaitMs: number;
  lockPollMs: number;
}

/** The misses a lock attempt left to this call, and what it knows of their locks. */
interface OwnedMisses {
  /** The keys to compute: locked and doubtful. */
  readonly all: readonly CacheMiss[];
  /** Keys whose lock this call holds. */
  readonly locked: readonly CacheMiss[];
  /** Keys owned without an answer from Redis: their lock may or may not exist (fail-open). */
  readonly doubtful: readonly CacheMiss[];
  /** `false` when Redis could not be asked for some key. */
  readonly reachable: boolean;
}

/** Hands a miss's vector to its caller and to the calls waiting for it in this process. */
type Settle = (miss: CacheMiss, vector: Float32Array) => void;

/** What one `computeMisses` call computes with, hands vectors to, and expects. */
interface ComputeCall {
  readonly compute: ComputeEmbeddings;
  readonly settle: Settle;
  /** Dimension count the caller stated: values of another count are neither awaited nor computed. */
  readonly dims: number | undefined;
}

/**
 * Computes the misses of `getOrCompute`, at most once in this process (`SingleFlight`) and, with
 * the fleet lock, at most once in the fleet: a process computes the keys whose lock it takes and
 * waits for the others' values, taking over keys whose holder died or failed.
 */
export class FleetCompute {
  constructor(
    private readonly tiers: CacheTiers,
    private readonly lock: FleetLock,
    private readonly connection: CacheConnection,
    private readonly flights: SingleFlight<Float32Array>,
    private readonly counters: CacheCounters,
    private readonly settings: FleetComputeSettings,
  ) {}

  /**
   * Computes `misses` (keys no other call in this process is computing), puts each vector at
   * `vectors[miss.slot]` and shares it with concurrent calls. After a lookup that Redis failed
   * (`faulted`) it takes no lock and writes back behind the caller. With `dims`, values other
   * processes write are awaited only at that length, and `compute` must return it. Resolves how
   * many texts this call passed to `compute`; a `compute` error rejects, and reaches the sharing
   * calls too.
   */
  async computeMisses(
    misses: readonly CacheMiss[],
    vectors: Array<Float32Array | undefined>,
    compute: ComputeEmbeddings,
    faulted: boolean,
    dims?: number,
  ): Promise<number> {
    const flight = this.flights.start(misses);
    const settle: Settle = (miss, vector) => {
      vectors[miss.slot] = vector;
      flight.resolve(miss.key, vector);
    };
    const call: ComputeCall = { compute, settle, dims };
    try {
      // After a faulted lookup a lock and a write-back would most likely pay the same deadline
      // again: the caller pays at most one Redis deadline, and the write-back goes on behind it.
      if (faulted) return await this.computeBatch(misses, call, false);
      return this.settings.lockEnabled && this.connection.available()
        ? await this.computeWithFleetLock(misses, call)
        : await this.computeBatch(misses, call);
    } catch (error) {
      flight.reject(error);
      throw error;
    }
  }

  /**
   * Calls `compute` once for `misses`, hands out the vectors, and writes them back: before
   * resolving, or in the background when `awaitWrite` is false.
   */
  private async computeBatch(misses: readonly CacheMiss[], call: ComputeCall, awaitWrite = true): Promise<number> {
    if (misses.length === 0) return 0;
    const computed = toFloat32Vectors(await call.compute(misses.map((miss) => miss.text)), misses.length, call.dims);
    misses.forEach((miss, i) => call.settle(miss, computed[i]));
    const written = this.tiers.store(
      misses.map((miss) => miss.key),
      computed,
    );
    if (awaitWrite) await written;
    else written.catch(() => undefined);
    return misses.length;
  }

  /** Takes the locks of `misses`; computes the keys it got and waits (bounded by `lockWaitMs`) for the others. */
  private async computeWithFleetLock(misses: readonly CacheMiss[], call: ComputeCall): Promise<number> {
    const token = randomUUID();
    const deadline = Date.now() + this.settings.lockWaitMs;
    const { owned, busy } = await this.takeLocks(misses, token, 'acquired');
    const wait = { cancelled: false };
    const own = this.computeLocked(owned, call, token);
    const others =
      busy.length === 0
        ? Promise.resolve(0)
        : withSpan('embedding_cache.lock_wait', { attributes: { 'embedding_cache.keys': busy.length } }, async (span) => {
            const computedHere = await this.awaitOthers(busy, call, token, deadline, wait);
            // Keys whose holder's value arrived, against those this process computed after all (takeover, timeout).
            span.setAttributes({ 'embedding_cache.lock.waited': busy.length - computedHere, 'embedding_cache.lock.computed': computedHere });
            return computedHere;
          });
    // Fail fast on the first error; the other branch stops at its next poll.
    own.catch(() => (wait.cancelled = true));
    others.catch(() => undefined);
    const [mine, theirs] = await Promise.all([own, others]);
    return mine + theirs;
  }

  /**
   * Tries the locks of `misses` and counts the outcome (`acquired` or `takeover` for the locks
   * taken, `unavailable` for the keys owned without an answer). `busy` are the keys another
   * process holds.
   */
  private async takeLocks(
    misses: readonly CacheMiss[],
    token: string,
    result: 'acquired' | 'takeover',
  ): Promise<{ owned: OwnedMisses; busy: readonly CacheMiss[] }> {
    const attempt = await this.lock.acquire(this.lockKeys(misses), token);
    const owned: OwnedMisses = {
      all: misses.filter((_, i) => attempt.owned[i]),
      locked: misses.filter((_, i) => attempt.locked[i]),
      doubtful: misses.filter((_, i) => attempt.owned[i] && !attempt.locked[i]),
      reachable: attempt.reachable,
    };
    this.counters.locks(result, owned.locked.length);
    this.counters.locks('unavailable', owned.doubtful.length);
    return { owned, busy: misses.filter((_, i) => !attempt.owned[i]) };
  }

  /**
   * Computes the `owned` misses, then releases their locks: those it holds, and those whose
   * `SET NX` had no answer in time (Redis may still apply it: see `FleetLock.release`).
   *
   * Double-checked locking: another process may have written a value and released its lock
   * between our read and our `SET NX`, so the keys are read once more under the lock, and only
   * those still missing are computed. Without it a batch can be computed twice: the fleet test
   * measured 950 provider inputs for 900 texts about once in a dozen runs.
   */
  private async computeLocked(owned: OwnedMisses, call: ComputeCall, token: string): Promise<number> {
    try {
      const missing = owned.reachable && owned.locked.length > 0 ? await this.settleArrived(owned.all, call) : owned.all;
      return await this.computeBatch(missing, call);
    } finally {
      // Released after the write, so waiters find the value; released too when compute fails, so they take over at once.
      await this.lock.release(this.lockKeys(owned.locked), token, this.lockKeys(owned.doubtful));
    }
  }

  /** Polls for values other processes are computing; never waits past `deadline`. */
  private async awaitOthers(
    misses: readonly CacheMiss[],
    call: ComputeCall,
    token: string,
    deadline: number,
    wait: { cancelled: boolean },
  ): Promise<number> {
    let waiting = misses;
    let computed = 0;
    while (waiting.length > 0 && !wait.cancelled) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.counters.locks('timeout', waiting.length);
        return computed + (await this.computeBatch(waiting, call));
      }
      await sleep(Math.min(this.settings.lockPollMs, left));
      const still = await this.settleArrived(waiting, call);
      if (still.length === 0) break;
      // A key with neither value nor lock lost its holder (crash, expiry, or a failed compute): take it over.
      const { owned, busy } = await this.takeLocks(still, token, 'takeover');
      computed += await this.computeLocked(owned, call, token);
      waiting = busy;
    }
    return computed;
  }

  /** Settles the keys whose value is in the cache by now (counted as waited); returns the others. */
  private async settleArrived(misses: readonly CacheMiss[], call: ComputeCall): Promise<readonly CacheMiss[]> {
    if (misses.length === 0) return misses;
    const { vectors: found } = await this.tiers.fetch(
      misses.map((miss) => miss.key),
      false,
      call.dims,
    );
    const missing = misses.filter((miss, i) => {
      const vector = found[i];
      if (vector) call.settle(miss, vector);
      return !vector;
    });
    this.counters.locks('waited', misses.length - missing.length);
    return missing;
  }

  private lockKey(key: string): string {
    return `${this.settings.prefix}:lock:${key.slice(this.settings.prefix.length + 1)}`;
  }

  private lockKeys(misses: readonly CacheMiss[]): string[] {
    return misses.map((miss) => this.lockKey(miss.key));
  }
}
