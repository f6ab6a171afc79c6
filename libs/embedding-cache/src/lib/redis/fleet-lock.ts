import type { CacheConnection } from './cache-connection';

/**
 * Deletes each KEYS[i] only while it still holds our token (ARGV[1]), so a lock that expired and
 * was taken by another process is never released by us. One script call for the whole batch.
 */
const RELEASE_SCRIPT = `
local released = 0
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    released = released + redis.call('DEL', key)
  end
end
return released`;

/** Result of `FleetLock.acquire`: per key, whether this process may compute it. */
export interface LockAttempt {
  /** `true` at index i when key i is ours to compute. */
  readonly owned: readonly boolean[];
  /** `false` when Redis could not be asked: every key counts as owned (fail-open). */
  readonly reachable: boolean;
}

/**
 * Short per-key Redis locks (`SET <lockKey> <token> NX PX <ttl>`) that make one process in the
 * fleet compute a missing embedding while the others wait for its value. Fail-open: when Redis
 * cannot be asked, every key is reported as owned, so callers compute rather than block.
 */
export class FleetLock {
  constructor(
    private readonly connection: CacheConnection,
    private readonly ttlMs: number,
    private readonly budgetMs: number,
  ) {}

  /** Tries to take the lock of every key in one pipeline. */
  async acquire(lockKeys: readonly string[], token: string): Promise<LockAttempt> {
    const outcome = await this.connection.call('lock', this.budgetMs, (c) => {
      const pipeline = c.pipeline();
      for (const key of lockKeys) pipeline.set(key, token, 'PX', this.ttlMs, 'NX');
      return pipeline.exec();
    });
    if (!outcome.ok || !outcome.value) return { owned: lockKeys.map(() => true), reachable: false };
    // An error reply for one key (e.g. OOM) means we cannot coordinate on it: compute it.
    return { owned: outcome.value.map(([error, reply]) => error !== null || reply === 'OK'), reachable: true };
  }

  /** Releases the locks that still hold `token`. Never throws; an unreleased lock simply expires. */
  async release(lockKeys: readonly string[], token: string): Promise<void> {
    if (lockKeys.length === 0) return;
    await this.connection.call('unlock', this.budgetMs, (c) => c.eval(RELEASE_SCRIPT, lockKeys.length, ...lockKeys, token));
  }
}
