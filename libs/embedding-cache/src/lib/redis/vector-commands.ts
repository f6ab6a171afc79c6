import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { CacheCounters } from '../cache-counters';
import { BATCH_BYTES_PER_MS, DEFAULT_EXPECTED_VALUE_BYTES, MAX_CALL_BUDGET_MS } from '../embedding-cache.constants';
import type { CacheClient } from '../interfaces/cache-client.interface';
import type { FetchedVectors } from '../interfaces/fetched-vectors.interface';
import { decodeVector } from '../utils/decode-vector.util';
import { dominantDims } from '../utils/dominant-dims.util';
import { allocPooledFloat32 } from '../utils/float32-pool.util';
import type { CacheConnection } from './cache-connection';
import { isCluster } from './group-keys-by-node.util';
import type { KeyGroup } from './group-keys-by-node.util';
import { settlePipeline } from './settle-pipeline.util';

/** Settings of `VectorCommands`. */
export interface VectorCommandsSettings {
  /** Key prefix; `clear` deletes `<prefix>:*`. */
  prefix: string;
  /** TTL of every written value. */
  ttlSeconds: number;
  /** Time budget of a single-key call; batches get more in proportion to their payload. */
  timeoutMs: number;
}

/**
 * The cache's vector commands on Redis, each written and issued by this room through the guarded
 * connection (which fans a batch out per node), with their cluster variants here: reads (GET; MGET on a standalone Redis, a pipeline
 * of GETs per node on a cluster), writes (`SET … EX`, pipelined per node) and `clear` (SCAN +
 * UNLINK per master). Reads are decoded and counted as hits, misses, corrupt values or errors.
 */
export class VectorCommands {
  /** Largest value seen so far; sizes the time budget of batch reads. */
  private expectedValueBytes = DEFAULT_EXPECTED_VALUE_BYTES;
  private readonly readBudget = (group: KeyGroup): number => this.budgetFor(group.keys.length * this.expectedValueBytes);

  constructor(
    private readonly connection: CacheConnection,
    private readonly counters: CacheCounters,
    private readonly settings: VectorCommandsSettings,
    private readonly logger: Logger,
  ) {}

  /**
   * The vector under `key`, or `null` on a miss, a corrupt value (of another length than `dims`
   * when given) or any Redis fault. One GET.
   */
  async readOne(key: string, dims?: number): Promise<Float32Array | null> {
    const outcome = await this.connection.call('get', this.budgetFor(this.expectedValueBytes), (c) => c.getBuffer(key));
    if (!outcome.ok) {
      this.counters.lookups('error', 1);
      return null;
    }
    if (outcome.value === null) {
      this.counters.lookups('miss', 1);
      return null;
    }
    const vector = this.decode(outcome.value, dims);
    this.counters.lookups(vector ? 'hit' : 'corrupt', 1);
    return vector;
  }

  /**
   * Reads `keys` in one round trip per node (MGET on a standalone Redis, a pipeline of GETs per
   * node on a cluster, where MGET across slots is a CROSSSLOT error), decoded. Keys of a node
   * that failed are misses counted as errors; a value whose dims differ from `dims` (when
   * given) or else from the batch's dominant count is corrupt. `count` is false for the polls of
   * a fleet-lock wait, which are not lookups of their own.
   */
  async read(keys: readonly string[], count = true, dims?: number): Promise<FetchedVectors> {
    if (keys.length === 0) return { vectors: [], faulted: false };
    const outcome = await this.connection.callPerNode('get_many', keys, this.readBudget, getMany);
    const decoded = outcome.values.map((value) => (value ? this.decode(value, dims) : null));
    const batchDims = dims ?? dominantDims(decoded);
    let hits = 0;
    let misses = 0;
    let corrupt = 0;
    let errors = 0;
    const vectors = decoded.map((vector, i) => {
      if (vector && vector.length === batchDims) {
        hits += 1;
        return vector;
      }
      const value = outcome.values[i];
      if (value === undefined) errors += 1;
      else if (value === null) misses += 1;
      else corrupt += 1;
      return null;
    });
    if (count) {
      this.counters.lookups('hit', hits);
      this.counters.lookups('miss', misses);
      this.counters.lookups('corrupt', corrupt);
      this.counters.lookups('error', errors);
    }
    return { vectors, faulted: outcome.faulted || errors > 0 };
  }

  /** Stores one encoded value with `SET key value EX ttl` (never SET then EXPIRE). Resolves whether Redis stored it. */
  async writeOne(key: string, value: Buffer): Promise<boolean> {
    const outcome = await this.connection.call('set', this.budgetFor(value.length), (c) =>
      c.set(key, value, 'EX', this.settings.ttlSeconds),
    );
    const stored = outcome.ok && outcome.value === 'OK';
    this.counters.writes(stored ? 1 : 0, stored ? 0 : 1);
    return stored;
  }

  /** Writes `values[i]` under `keys[i]` with `SET … EX ttl`, one pipeline per node. Resolves the number stored. */
  async write(keys: readonly string[], values: readonly Buffer[]): Promise<number> {
    if (keys.length === 0) return 0;
    const ttl = this.settings.ttlSeconds;
    const outcome = await this.connection.callPerNode<unknown>(
      'set_many',
      keys,
      ({ indexes }) => this.budgetFor(indexes.reduce((sum, index) => sum + values[index].length, 0)),
      async (c, { keys: group, indexes }) => {
        const pipeline = c.pipeline();
        for (let i = 0; i < group.length; i += 1) pipeline.set(group[i], values[indexes[i]], 'EX', ttl);
        return settlePipeline(await pipeline.exec());
      },
    );
    const stored = outcome.values.filter((reply) => reply === 'OK').length;
    this.counters.writes(stored, keys.length - stored);
    return stored;
  }

  /**
   * Deletes every key under the prefix (SCAN + UNLINK, never KEYS or FLUSHDB), on every master
   * of a cluster. Resolves the number deleted; stops at the first Redis fault.
   */
  async clear(): Promise<number> {
    const client = this.connection.client;
    if (!client) return 0;
    let deleted = 0;
    for (const node of isCluster(client) ? client.nodes('master') : [client]) {
      const result = await this.clearNode(node, isCluster(client));
      deleted += result.deleted;
      if (!result.complete) {
        this.logger.warn(`Embedding cache clear interrupted by a Redis fault after deleting ${deleted} keys`);
        return deleted;
      }
    }
    return deleted;
  }

  /** SCAN + UNLINK of the prefix on one node; per-key UNLINKs on a cluster node, whose keys span slots. */
  private async clearNode(node: Redis, perKey: boolean): Promise<{ deleted: number; complete: boolean }> {
    const pattern = `${this.settings.prefix}:*`;
    const budget = this.settings.timeoutMs * 4;
    let cursor = '0';
    let deleted = 0;
    do {
      const page = await this.connection.call('clear', budget, () => node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000));
      if (!page.ok) return { deleted, complete: false };
      const [next, keys] = page.value;
      cursor = next;
      if (keys.length === 0) continue;
      const removed = await this.connection.call('clear', budget, async () => {
        if (!perKey) return node.unlink(...keys);
        const pipeline = node.pipeline();
        for (const key of keys) pipeline.unlink(key);
        return settlePipeline<number>(await pipeline.exec()).reduce<number>((sum, n) => sum + (n ?? 0), 0);
      });
      if (!removed.ok) return { deleted, complete: false };
      deleted += removed.value;
    } while (cursor !== '0');
    return { deleted, complete: true };
  }

  private decode(value: Buffer, dims: number | undefined): Float32Array | null {
    const vector = decodeVector(value, allocPooledFloat32, dims);
    if (vector && value.length > this.expectedValueBytes) this.expectedValueBytes = value.length;
    return vector;
  }

  /**
   * Time budget of one call: the single-key timeout plus the time to move its payload at
   * `BATCH_BYTES_PER_MS` (10 MB/s), so a large healthy batch is never failed by the single-key
   * budget, capped at `MAX_CALL_BUDGET_MS`.
   */
  private budgetFor(bytes: number): number {
    return Math.min(MAX_CALL_BUDGET_MS, this.settings.timeoutMs + Math.floor(bytes / BATCH_BYTES_PER_MS));
  }
}

/** One node's share of a batch read: MGET, or on a cluster a pipeline of GETs (MGET across slots is CROSSSLOT). */
async function getMany(c: CacheClient, { keys }: KeyGroup): Promise<Array<Buffer | null | undefined>> {
  if (!isCluster(c)) return c.mgetBuffer(...keys);
  const pipeline = c.pipeline();
  for (const key of keys) pipeline.getBuffer(key);
  return settlePipeline<Buffer | null>(await pipeline.exec());
}
