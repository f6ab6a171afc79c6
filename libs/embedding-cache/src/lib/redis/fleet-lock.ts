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
  constructor(
    private readonly connection: CacheConnection,
    private readonly ttlMs: number,
    private readonly budgetMs: number,
  ) {}

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

  /** Releases the locks that still hold `token`. Never throws; an unreleased lock simply expires. */
  async release(lockKeys: readonly string[], token: string): Promise<void> {
    if (lockKeys.length === 0) return;
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
