import type { CacheConnection } from './cache-connection';
import { isCluster } from './group-keys-by-node.util';
import { settlePipeline } from './settle-pipeline.util';

/**
 * Deletes each KEYS[i] only while it still holds our token (ARGV[1]), so a lock that expired and
 * was taken by another process is never released by us. One script call for the whole batch
 * on a standalone Redis; one call per key (in one pipeline per node) on a cluster, where a
 * script's keys must share a slot.
 */
const RELEASE_SCRIPT = `
local released = 0
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    released = released + redis.call('DEL', key)
  end
end
return released`;

/**
 * Most lock keys kept for a release that Redis could not be sent yet (see `FleetLock.release`);
 * beyond it the oldest are dropped, and those locks, if they exist, expire after their TTL.
 */
export const MAX_PENDING_KEYS = 10_000;

/** Result of `FleetLock.acquire`: per key, whether this process may compute it. */
export interface LockAttempt {
  /** `true` at index i when key i is ours to compute. */
  readonly owned: readonly boolean[];
  /** `true` at index i when we hold the lock of key i (and must release it). */
  readonly locked: readonly boolean[];
  /** `false` when Redis could not be asked for some key: those count as owned (fail-open). */
  readonly reachable: boolean;
}

/**
 * Short per-key Redis locks (`SET <lockKey> <token> NX PX <ttl>`) that make one process in the
 * fleet compute a missing embedding while the others wait for its value. Fail-open: when Redis
 * cannot be asked, every key is reported as owned, so callers compute rather than block.
 */
export class FleetLock {
  /**
   * Releases that could not be sent (Redis unavailable), by token: sent as soon as calls go to
   * Redis again (`CacheConnection.onAvailable`). In insertion order, so the oldest are dropped first.
   */
  private readonly pending = new Map<string, readonly string[]>();
  private pendingKeys = 0;

  constructor(
    private readonly connection: CacheConnection,
    private readonly ttlMs: number,
    private readonly budgetMs: number,
  ) {
    connection.onAvailable(() => this.sendPending());
  }

  /** Tries to take the lock of every key, in one pipeline per node. */
  async acquire(lockKeys: readonly string[], token: string): Promise<LockAttempt> {
    const outcome = await this.connection.callPerNode('lock', lockKeys, () => this.budgetMs, async (c, { keys }) => {
      const pipeline = c.pipeline();
      for (const key of keys) pipeline.set(key, token, 'PX', this.ttlMs, 'NX');
      return settlePipeline<string | null>(await pipeline.exec());
    });
    // A key we could not ask about (a fault, or an error reply such as OOM) cannot be coordinated: compute it.
    return {
      owned: outcome.values.map((reply) => reply === undefined || reply === 'OK'),
      locked: outcome.values.map((reply) => reply === 'OK'),
      reachable: !outcome.faulted,
    };
  }

  /**
   * Releases the locks that still hold `token`: `held` (those `acquire` took), awaited, and
   * `doubtful` (owned but not known to be locked: their `SET NX` got no reply in time) in the
   * background. A `SET NX` that missed its deadline is still on its way: Redis may apply it once it
   * answers again (a frozen or paused server), leaving a lock with no value behind it that would
   * make every process meeting the key wait the full lock wait. Its release is written on the same
   * connection after it, so Redis applies them in that order; while Redis is unavailable (circuit
   * open, reconnecting) the release is kept and sent when calls go to Redis again. The caller pays
   * no deadline for these. Never throws; an unreleased lock simply expires.
   */
  async release(held: readonly string[], token: string, doubtful: readonly string[] = []): Promise<void> {
    if (doubtful.length > 0) {
      if (this.connection.available()) void this.compareAndDelete(doubtful, token);
      else this.keep(doubtful, token);
    }
    if (held.length > 0) await this.compareAndDelete(held, token);
  }

  private keep(lockKeys: readonly string[], token: string): void {
    // One call may keep keys twice under its token: its first attempt, then a takeover.
    this.pending.set(token, [...(this.pending.get(token) ?? []), ...lockKeys]);
    this.pendingKeys += lockKeys.length;
    for (const [oldest, keys] of this.pending) {
      if (this.pendingKeys <= MAX_PENDING_KEYS) break;
      this.pending.delete(oldest);
      this.pendingKeys -= keys.length;
    }
  }

  /** Sends the kept releases, synchronously (so they go out before any later `SET NX` of this process). */
  private sendPending(): void {
    for (const [token, keys] of this.pending) void this.compareAndDelete(keys, token);
    this.pending.clear();
    this.pendingKeys = 0;
  }

  /**
   * The compare-and-delete script over `lockKeys`. The command is written before this returns
   * its promise: callers rely on that for ordering.
   */
  private async compareAndDelete(lockKeys: readonly string[], token: string): Promise<void> {
    await this.connection.callPerNode<unknown>('unlock', lockKeys, () => this.budgetMs, async (c, { keys }) => {
      if (!isCluster(c)) {
        const released = await c.eval(RELEASE_SCRIPT, keys.length, ...keys, token);
        return keys.map(() => released);
      }
      const pipeline = c.pipeline();
      for (const key of keys) pipeline.eval(RELEASE_SCRIPT, 1, key, token);
      return settlePipeline(await pipeline.exec());
    });
  }
}
