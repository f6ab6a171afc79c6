import { Logger } from '@nestjs/common';
import { ClusterService } from '@liaoliaots/nestjs-redis';
import type { Cluster } from 'ioredis';
import { parseInfo, startRedisCluster, waitFor } from '@rag/test-utils';
import type { TestRedisCluster, TestRedisServer } from '@rag/test-utils';
import { keySlot } from '../src/lib/utils/key-slot.util';
import { createCacheFor, vectorFor } from './support/create-cache';
import type { CacheInstance } from './support/create-cache';
import { sleep, timed, UnhandledRejections } from './support/fault-helpers';

const MODEL = 'cluster-model';
const DIMS = 1536;
const texts = Array.from({ length: 1_000 }, (_, i) => `cluster text ${i}`);
const entries = texts.map((text) => ({ text, vector: vectorFor(text, DIMS) }));
/** Every node requires it (requirepass + masterauth): the cache authenticates on each node it discovers. */
const PASSWORD = 'cluster p@ss:word/1';
const WRONG_PASSWORD = 'not it, but close';

function sameBytes(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}


describe('Redis Cluster: 3 masters + 3 replicas started from the system binary, with a password', () => {
  const unhandled = new UnhandledRejections();
  let cluster: TestRedisCluster;
  let instance: CacheInstance;
  let client: Cluster;

  /** The `calls` of `cmdstat_<command>` in `INFO commandstats` of a node. */
  const commandCalls = async (node: TestRedisServer, command: string): Promise<number> => {
    const stats = parseInfo(await cluster.cli(node, ['INFO', 'commandstats']));
    return Number(/calls=(\d+)/.exec(stats[`cmdstat_${command}`] ?? '')?.[1] ?? 0);
  };
  /** Error reply counts by prefix (`INFO errorstats`) of a node. */
  const errorStats = async (node: TestRedisServer): Promise<Record<string, string>> =>
    parseInfo(await cluster.cli(node, ['INFO', 'errorstats']));
  const dbSize = async (node: TestRedisServer): Promise<number> => Number(await cluster.cli(node, ['DBSIZE']));

  beforeAll(async () => {
    unhandled.install();
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, nodeTimeoutMs: 1_000, password: PASSWORD });
    instance = await createCacheFor({
      mode: 'cluster',
      nodes: cluster.seeds.slice(0, 2),
      password: PASSWORD,
      prefix: 'cl',
      timeoutMs: 50,
      breakerThreshold: 3,
      probeIntervalMs: 100,
      lockWaitMs: 500,
    });
    client = instance.moduleRef.get(ClusterService).getOrThrow('embedding-cache');
    await waitFor(async () => instance.cache.enabled(), { timeoutMs: 5_000 });
  }, 60_000);

  afterAll(async () => {
    await instance?.close();
    await cluster?.stop();
    unhandled.uninstall();
  });

  afterEach(() => unhandled.assertNone());

  it('setMany and getMany of 1000 keys spread over every master: one pipeline per node, no CROSSSLOT', async () => {
    const masters = await cluster.masters();
    expect(masters).toHaveLength(3);
    await Promise.all(cluster.nodes.map((node) => cluster.cli(node, ['CONFIG', 'RESETSTAT'])));
    const pipelines = jest.spyOn(client, 'pipeline');

    await expect(instance.cache.setMany(MODEL, entries)).resolves.toBe(1_000);
    expect(pipelines).toHaveBeenCalledTimes(3);

    pipelines.mockClear();
    const found = await instance.cache.getMany(MODEL, texts);
    expect(pipelines).toHaveBeenCalledTimes(3);
    pipelines.mockRestore();

    // Byte comparison: toEqual over 1000 × 1536 elements costs seconds.
    const mismatched = found.filter((vector, i) => !vector || !sameBytes(vector, new Float32Array(entries[i].vector)));
    expect(mismatched).toHaveLength(0);
    const sets = await Promise.all(masters.map((node) => commandCalls(node, 'set')));
    const gets = await Promise.all(masters.map((node) => commandCalls(node, 'get')));
    expect(sets.reduce((a, b) => a + b, 0)).toBe(1_000);
    expect(gets.reduce((a, b) => a + b, 0)).toBe(1_000);
    // Spread, not hash-tagged onto one node: each master holds about a third.
    for (const count of sets) expect(count).toBeGreaterThan(250);
    for (const node of masters) expect(await commandCalls(node, 'mget')).toBe(0);
    for (const node of cluster.nodes) expect(await errorStats(node)).not.toHaveProperty('errorstat_CROSSSLOT');
    expect(instance.cache.stats()).toMatchObject({ errors: 0, hits: 1_000 });
    console.log(`cluster: 1000 keys per master (set) = ${sets.join(' / ')}`);
  });

  it('getOrCompute over the cluster: locks and write-back grouped by node, second call all hits', async () => {
    const compute = jest.fn(async (batch: string[]) => batch.map((text) => vectorFor(text, 8)));
    const fresh = Array.from({ length: 300 }, (_, i) => `compute ${i}`);
    const first = await instance.cache.getOrComputeDetailed(MODEL, fresh, compute);
    expect(first).toMatchObject({ hits: 0, computed: 300 });
    const second = await instance.cache.getOrComputeDetailed(MODEL, fresh, compute);
    expect(second).toMatchObject({ hits: 300, computed: 0 });
    expect(compute).toHaveBeenCalledTimes(1);
    const masters = await cluster.masters();
    for (const node of masters) {
      const [, locks] = (await cluster.cli(node, ['SCAN', '0', 'MATCH', 'cl:lock:*', 'COUNT', '10000'])).trim().split('\n');
      expect(locks ?? '').toBe('');
    }
    for (const node of cluster.nodes) expect(await errorStats(node)).not.toHaveProperty('errorstat_CROSSSLOT');
  });

  it('clear deletes the prefix on every master and nothing else', async () => {
    await instance.cache.setMany(MODEL, entries);
    const foreign = ['other:a', 'other:b', 'other:c', 'other:d', 'other:e', 'other:f'];
    await Promise.all(foreign.map((key) => client.set(key, '1')));
    const masters = await cluster.masters();
    const before = await Promise.all(masters.map(dbSize));
    expect(before.every((size) => size > 250)).toBe(true);

    const deleted = await instance.cache.clear();

    expect(deleted).toBe(before.reduce((a, b) => a + b, 0) - foreign.length);
    const after = await Promise.all(masters.map(dbSize));
    expect(after.reduce((a, b) => a + b, 0)).toBe(foreign.length);
    await expect(Promise.all(foreign.map((key) => client.get(key)))).resolves.toEqual(foreign.map(() => '1'));
    for (const node of cluster.nodes) expect(await errorStats(node)).not.toHaveProperty('errorstat_CROSSSLOT');
  });

  it('a wrong password: the cluster cache stays disabled for WRONGPASS, said once without the password; lookups miss, nothing thrown', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const wrong = await createCacheFor({ mode: 'cluster', nodes: cluster.seeds.slice(0, 1), password: WRONG_PASSWORD, prefix: 'cl', connectWaitMs: 500 });
    try {
      // Disabled alone is also what a cache still connecting reports: wait for the reason instead.
      const lines = (): string[] => warn.mock.calls.map(([message]) => String(message));
      await waitFor(() => lines().some((line) => line.includes('WRONGPASS')), { timeoutMs: 5_000, description: 'a WRONGPASS warning' });
      expect(wrong.cache.enabled()).toBe(false);
      await expect(wrong.cache.getMany(MODEL, texts.slice(0, 10))).resolves.toEqual(texts.slice(0, 10).map(() => null));
      await expect(wrong.cache.setMany(MODEL, entries.slice(0, 10))).resolves.toBe(0);
      const health = await wrong.health.isHealthy();
      // The cluster's own "Failed to refresh slots cache." must not hide the node's real reason.
      expect(health['embedding_cache']).toMatchObject({ status: 'down', message: expect.stringContaining('WRONGPASS') });
      expect(lines()).toEqual([expect.stringMatching(/^Embedding cache unavailable \(WRONGPASS .*REDIS_EMBEDDING_CACHE_PASSWORD/)]);
      expect(JSON.stringify([lines(), health])).not.toContain(WRONG_PASSWORD);
    } finally {
      await wrong.close();
      warn.mockRestore();
    }
  });

  it('a master killed after WAIT: misses absorbed during failover, full service after it, nothing thrown', async () => {
    await instance.cache.setMany(MODEL, entries);
    // Writes acknowledged just before the kill may not have reached the replica yet.
    const acked = await Promise.all(client.nodes('master').map((node) => node.call('WAIT', '1', '2000')));
    expect(acked.every((replicas) => Number(replicas) >= 1)).toBe(true);

    const victimKey = instance.cache.makeKey(MODEL, texts[0]);
    const victimPort = Number(client.slots[keySlot(victimKey)][0].split(':')[1]);
    const victim = cluster.nodes.find((node) => node.port === victimPort) as TestRedisServer;
    const killedAt = performance.now();
    await victim.kill();

    let worstCallMs = 0;
    let sawMisses = false;
    let fullServiceMs = -1;
    const compute = jest.fn(async (batch: string[]) => batch.map(() => [1, 2, 3]));
    while (performance.now() - killedAt < 25_000) {
      const lookup = await timed(() => instance.cache.getMany(MODEL, texts));
      worstCallMs = Math.max(worstCallMs, lookup.ms);
      const hits = lookup.value.filter((vector) => vector !== null).length;
      if (hits < texts.length) sawMisses = true;
      if (hits === texts.length) {
        fullServiceMs = performance.now() - killedAt;
        break;
      }
      const computed = await timed(() => instance.cache.getOrCompute(MODEL, [`during failover ${performance.now()}`], compute));
      expect(computed.value).toHaveLength(1);
      worstCallMs = Math.max(worstCallMs, computed.ms);
      await sleep(100);
    }

    expect(fullServiceMs).toBeGreaterThan(0);
    expect(sawMisses).toBe(true);
    // Every call is bounded by its budget (50 ms + payload time, ~250 ms for a third of 6 MB): generous for CI.
    expect(worstCallMs).toBeLessThan(1_500);
    await expect(instance.cache.setMany(MODEL, entries.slice(0, 100))).resolves.toBe(100);
    const healthy = await cluster.waitUntilHealthy(10_000);
    console.log(
      `cluster failover: master :${victimPort} killed; full service (1000/1000 hits) after ${Math.round(fullServiceMs)} ms; ` +
        `worst call during failover ${Math.round(worstCallMs)} ms; cluster healthy ${healthy} ms later`,
    );
  }, 40_000);
});
