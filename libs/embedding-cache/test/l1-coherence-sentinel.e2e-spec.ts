import { Redis } from 'ioredis';
import { redisCli, startRedisSentinel, waitFor } from '@rag/test-utils';
import type { TestRedisSentinel } from '@rag/test-utils';
import { buildCacheKey } from '../src/lib/utils/cache-key.util';
import { encodeVector } from '../src/lib/utils/encode-vector.util';
import { CacheProcess } from './support/cache-process';
import { vectorFor } from './support/create-cache';
import { COHERENCE_DIMS, expectedVector, fillEveryL1, seedVectors, flushesOf, untilEveryProcessReads, untilEverySubscribed } from './support/l1-coherence-helpers';

const PREFIX = 'snc';
const PASSWORD = 'sentinel-l1-pw';

/**
 * Three OS processes on Sentinel (1 master, 1 replica, 3 sentinels): each process's tracking
 * connection follows the master across a failover, flushes its L1 when it subscribes to the new
 * master, and hears the changes made there.
 */
describe('L1 coherence: 3 processes on Sentinel, across a failover', () => {
  let setup: TestRedisSentinel;
  let raw: Redis;
  let procs: CacheProcess[];
  const latencies: Record<string, number[]> = {};
  const keyOf = (model: string, text: string): string => buildCacheKey(PREFIX, model, text);
  const seed = (model: string, texts: string[]): Promise<void> => seedVectors(procs, raw, PREFIX, model, texts);

  beforeAll(async () => {
    setup = await startRedisSentinel({ downAfterMs: 1_000, failoverTimeoutMs: 3_000, password: PASSWORD });
    raw = new Redis({ sentinels: setup.seeds.map((seed) => ({ host: '127.0.0.1', port: Number(seed.split(':')[1]) })), name: setup.masterName, password: PASSWORD });
    const options = { mode: 'sentinel' as const, sentinels: [...setup.seeds], sentinelMaster: setup.masterName, password: PASSWORD, prefix: PREFIX, l1MaxMb: 8, timeoutMs: 200 };
    procs = await Promise.all([0, 1, 2].map(() => CacheProcess.start(options)));
    await untilEverySubscribed(procs, 10_000);
  }, 90_000);

  afterAll(async () => {
    await Promise.all((procs ?? []).map((proc) => proc.stop()));
    raw?.disconnect();
    await setup?.stop();
    console.log(`L1 coherence (sentinel), ms from the change until each of 3 processes read it: ${JSON.stringify(latencies)}`);
  });

  it('DEL on the master: every process stops serving the vector', async () => {
    await seed('before', ['deleted']);
    await fillEveryL1(procs, 'before', ['deleted'], expectedVector);

    await redisCli(await setup.masterPort(), ['DEL', keyOf('before', 'deleted')], 15_000, PASSWORD);
    latencies['DEL before failover'] = await untilEveryProcessReads(procs, 'before', 'deleted', null, performance.now());
  });

  it('master killed: every process resubscribes on the new master with an empty L1, and hears a DEL and a SET there', async () => {
    const model = 'failover';
    const texts = ['kept', 'deleted after', 'overwritten after'];
    await seed(model, texts);
    await fillEveryL1(procs, model, texts, expectedVector);
    await expect(raw.call('WAIT', '1', '2000')).resolves.toBe(1);
    const reconnectsBefore = await flushesOf(procs, 'reconnect');

    const oldMaster = await setup.master();
    const killedAt = performance.now();
    await oldMaster.kill();
    await waitFor(async () => (await setup.masterPort().catch(() => oldMaster.port)) !== oldMaster.port, {
      timeoutMs: 20_000,
      intervalMs: 100,
      description: 'sentinels promoting the replica',
    });
    await waitFor(async () => (await flushesOf(procs, 'reconnect')).every((count, i) => count > reconnectsBefore[i]), {
      timeoutMs: 20_000,
      intervalMs: 100,
      description: 'every process resubscribed (L1 flushed)',
    });
    await untilEverySubscribed(procs, 10_000);
    const resubscribedMs = Math.round(performance.now() - killedAt);
    for (const proc of procs) expect((await proc.stats()).l1Entries).toBe(0);

    const newMaster = await setup.masterPort();
    expect(newMaster).not.toBe(oldMaster.port);
    await fillEveryL1(procs, model, texts, expectedVector);
    await redisCli(newMaster, ['DEL', keyOf(model, 'deleted after')], 15_000, PASSWORD);
    latencies['DEL after failover'] = await untilEveryProcessReads(procs, model, 'deleted after', null, performance.now());

    await raw.set(keyOf(model, 'overwritten after'), encodeVector(vectorFor('new value', COHERENCE_DIMS), 'float32'), 'EX', 3_600);
    latencies['SET after failover'] = await untilEveryProcessReads(procs, model, 'overwritten after', expectedVector('new value'), performance.now());
    await expect(procs[0].getMany(model, ['kept'])).resolves.toEqual([expectedVector('kept')]);
    console.log(`sentinel failover: every process resubscribed on :${newMaster} ${resubscribedMs} ms after the master was killed`);
  }, 60_000);
});
