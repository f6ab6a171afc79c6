import { RedisService } from '@liaoliaots/nestjs-redis';
import type { Redis } from 'ioredis';
import { startRedisSentinel, waitFor } from '@rag/test-utils';
import type { TestRedisSentinel } from '@rag/test-utils';
import { createCacheFor, vectorFor } from './support/create-cache';
import type { CacheInstance } from './support/create-cache';
import { sleep, timed, UnhandledRejections } from './support/fault-helpers';

const MODEL = 'sentinel-model';
const texts = Array.from({ length: 200 }, (_, i) => `sentinel text ${i}`);
/** The data nodes require it; the sentinels know it (`sentinel auth-pass`). */
const PASSWORD = 'sentinel-p@ss:word';

describe('Sentinel: 1 master, 1 replica, 3 sentinels started from the system binary, with a password', () => {
  const unhandled = new UnhandledRejections();
  let setup: TestRedisSentinel;
  let instance: CacheInstance;
  let client: Redis;

  beforeAll(async () => {
    unhandled.install();
    setup = await startRedisSentinel({ downAfterMs: 1_000, failoverTimeoutMs: 3_000, password: PASSWORD });
    instance = await createCacheFor({
      mode: 'sentinel',
      sentinels: setup.seeds,
      sentinelMaster: setup.masterName,
      password: PASSWORD,
      prefix: 'sn',
      timeoutMs: 50,
      breakerThreshold: 3,
      probeIntervalMs: 100,
    });
    client = instance.moduleRef.get(RedisService).getOrThrow('embedding-cache');
    await waitFor(async () => instance.cache.enabled(), { timeoutMs: 5_000 });
  }, 60_000);

  afterAll(async () => {
    await instance?.close();
    await setup?.stop();
    unhandled.uninstall();
  });

  afterEach(() => unhandled.assertNone());

  it('connects to the master the sentinels name', async () => {
    expect(client.stream.remotePort).toBe(await setup.masterPort());
    await expect(instance.cache.setMany(MODEL, texts.map((text) => ({ text, vector: vectorFor(text, 384) })))).resolves.toBe(200);
    expect((await instance.cache.getMany(MODEL, texts)).every((vector) => vector !== null)).toBe(true);
  });

  it('master killed: misses during failover, then hits from the new master without a restart', async () => {
    // The replica must hold every entry before its master dies.
    await expect(client.call('WAIT', '1', '2000')).resolves.toBe(1);
    const oldMaster = await setup.master();
    const killedAt = performance.now();
    await oldMaster.kill();

    let worstCallMs = 0;
    let sawMisses = false;
    let backMs = -1;
    const compute = jest.fn(async (batch: string[]) => batch.map(() => [0.5]));
    while (performance.now() - killedAt < 20_000) {
      const lookup = await timed(() => instance.cache.getMany(MODEL, texts));
      worstCallMs = Math.max(worstCallMs, lookup.ms);
      const hits = lookup.value.filter((vector) => vector !== null).length;
      if (hits === texts.length) {
        backMs = performance.now() - killedAt;
        break;
      }
      sawMisses = true;
      const computed = await timed(() => instance.cache.getOrCompute(MODEL, [`during failover ${performance.now()}`], compute));
      expect(computed.value).toEqual([new Float32Array([0.5])]);
      worstCallMs = Math.max(worstCallMs, computed.ms);
      await sleep(100);
    }

    expect(backMs).toBeGreaterThan(0);
    expect(sawMisses).toBe(true);
    expect(worstCallMs).toBeLessThan(1_000);
    const newMasterPort = await setup.masterPort();
    expect(newMasterPort).not.toBe(oldMaster.port);
    expect(client.stream.remotePort).toBe(newMasterPort);
    await expect(instance.cache.set(MODEL, 'after failover', [1, 2])).resolves.toBe(true);
    await expect(instance.cache.get(MODEL, 'after failover')).resolves.toEqual(new Float32Array([1, 2]));
    expect(instance.cache.stats().state).toBe('ready');
    console.log(
      `sentinel failover: master :${oldMaster.port} killed; hits again from :${newMasterPort} after ${Math.round(backMs)} ms; ` +
        `worst call during failover ${Math.round(worstCallMs)} ms`,
    );
  }, 30_000);
});
