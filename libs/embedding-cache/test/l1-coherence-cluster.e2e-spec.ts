import { Cluster } from 'ioredis';
import { startRedisCluster, waitFor } from '@rag/test-utils';
import type { TestRedisCluster } from '@rag/test-utils';
import { buildCacheKey } from '../src/lib/utils/cache-key.util';
import { encodeVector } from '../src/lib/utils/encode-vector.util';
import { keySlot } from '../src/lib/utils/key-slot.util';
import { CacheProcess } from './support/cache-process';
import { vectorFor } from './support/create-cache';
import { COHERENCE_DIMS, expectedVector, fillEveryL1, seedVectors, flushesOf, untilEveryProcessReads, untilEverySubscribed } from './support/l1-coherence-helpers';

const PREFIX = 'clc';
const PASSWORD = 'cluster-l1-pw';

/**
 * Three OS processes on a 3-master + 3-replica cluster: tracking is per server, so each process
 * subscribes on every master; changes on any master reach every L1, and after a failover each
 * process subscribes on the promoted master (flushing its L1) and hears the changes made there.
 */
describe('L1 coherence: 3 processes on Redis Cluster, keys on every master', () => {
  let cluster: TestRedisCluster;
  let raw: Cluster;
  let procs: CacheProcess[];
  const latencies: Record<string, number[]> = {};
  const keyOf = (model: string, text: string): string => buildCacheKey(PREFIX, model, text);
  const seed = (model: string, texts: string[]): Promise<void> => seedVectors(procs, raw, PREFIX, model, texts);
  /** One text per master (`host:port` of the master serving its key, from the raw client's slot table). */
  const onePerMaster = (model: string, texts: string[]): Map<string, string> => {
    const picked = new Map<string, string>();
    for (const text of texts) {
      const master = raw.slots[keySlot(keyOf(model, text))][0];
      if (!picked.has(master)) picked.set(master, text);
    }
    return picked;
  };

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, nodeTimeoutMs: 1_000, password: PASSWORD });
    raw = new Cluster(
      cluster.seeds.map((seed) => ({ host: '127.0.0.1', port: Number(seed.split(':')[1]) })),
      { redisOptions: { password: PASSWORD } },
    );
    await raw.ping();
    const options = { mode: 'cluster' as const, nodes: [...cluster.seeds], password: PASSWORD, prefix: PREFIX, l1MaxMb: 8, timeoutMs: 200 };
    procs = await Promise.all([0, 1, 2].map(() => CacheProcess.start(options)));
    await untilEverySubscribed(procs, 10_000);
  }, 90_000);

  afterAll(async () => {
    await Promise.all((procs ?? []).map((proc) => proc.stop()));
    raw?.disconnect();
    await cluster?.stop();
    console.log(`L1 coherence (cluster), ms from the change until each of 3 processes read it: ${JSON.stringify(latencies)}`);
  });

  it('DEL and SET of a key on each of the 3 masters: every process follows', async () => {
    const model = 'per-master';
    const texts = Array.from({ length: 30 }, (_, i) => `spread ${i}`);
    await seed(model, texts);
    const deleted = onePerMaster(model, texts);
    expect(deleted.size).toBe(3);
    const overwritten = onePerMaster(model, texts.filter((text) => ![...deleted.values()].includes(text)));
    expect(overwritten.size).toBe(3);
    await fillEveryL1(procs, model, texts, expectedVector);

    for (const text of deleted.values()) {
      await raw.del(keyOf(model, text));
      const ms = await untilEveryProcessReads(procs, model, text, null, performance.now());
      latencies['DEL'] = [...(latencies['DEL'] ?? []), Math.max(...ms)];
    }
    for (const text of overwritten.values()) {
      await raw.set(keyOf(model, text), encodeVector(vectorFor(`new ${text}`, COHERENCE_DIMS), 'float32'), 'EX', 3_600);
      const ms = await untilEveryProcessReads(procs, model, text, expectedVector(`new ${text}`), performance.now());
      latencies['SET'] = [...(latencies['SET'] ?? []), Math.max(...ms)];
    }
  });

  it('clear() in one process: the two others stop serving keys of every master', async () => {
    const model = 'clear';
    const texts = Array.from({ length: 12 }, (_, i) => `cleared ${i}`);
    await seed(model, texts);
    await fillEveryL1(procs, model, texts, expectedVector);

    await expect(procs[0].clear()).resolves.toBeGreaterThanOrEqual(texts.length);
    const since = performance.now();
    const perText = await Promise.all(texts.map((text) => untilEveryProcessReads(procs, model, text, null, since)));
    latencies['clear()'] = perText.map((ms) => Math.max(...ms));
  });

  it('a master fails over: every process subscribes on the promoted replica (L1 flushed) and hears a DEL there', async () => {
    const model = 'failover';
    const texts = Array.from({ length: 30 }, (_, i) => `failover ${i}`);
    await seed(model, texts);
    await fillEveryL1(procs, model, texts, expectedVector);
    const [victimId, text] = [...onePerMaster(model, texts)][0];
    const victim = cluster.nodes.find((node) => `127.0.0.1:${node.port}` === victimId);
    if (!victim) throw new Error(`no node ${victimId}`);
    // The replica must hold the key before its master dies.
    await expect(cluster.cli(victim, ['WAIT', '1', '2000'])).resolves.toMatch(/1/);
    const topologyBefore = await flushesOf(procs, 'topology');

    const killedAt = performance.now();
    await victim.kill();
    await cluster.waitUntilHealthy(30_000);
    await waitFor(async () => (await flushesOf(procs, 'topology')).every((count, i) => count > topologyBefore[i]), {
      timeoutMs: 20_000,
      intervalMs: 100,
      description: 'every process subscribed on the promoted master (L1 flushed)',
    });
    await untilEverySubscribed(procs, 10_000);
    const followedMs = Math.round(performance.now() - killedAt);

    await fillEveryL1(procs, model, [text], expectedVector);
    await waitFor(async () => (await raw.del(keyOf(model, text)).catch(() => -1)) === 1, { timeoutMs: 10_000, description: 'DEL on the new master' });
    latencies['DEL after failover'] = await untilEveryProcessReads(procs, model, text, null, performance.now());
    console.log(`cluster failover: every process subscribed on the promoted master ${followedMs} ms after ${victimId} was killed`);
  }, 90_000);
});
