import { Logger } from '@nestjs/common';
import { RedisService } from '@liaoliaots/nestjs-redis';
import { Redis } from 'ioredis';
import type { Redis as RedisClient } from 'ioredis';
import { startRedisServer, startTcpProxy, waitFor } from '@rag/test-utils';
import type { TcpProxy, TestRedisServer } from '@rag/test-utils';
import type { EmbeddingCacheService } from '../src/lib/embedding-cache.service';
import type { L1FlushReason } from '../src/lib/embedding-cache.metrics';
import { createCache, vectorFor } from './support/create-cache';
import type { CacheInstance } from './support/create-cache';
import { sleep, UnhandledRejections } from './support/fault-helpers';
import { writeAndAwaitOwnInvalidations } from './support/l1-coherence-helpers';

const MODEL = 'm';
const DIMS = 16;
const vector = (text: string): Float32Array => Float32Array.from(vectorFor(text, DIMS));

/** Flushes of the instance's L1 counted with `reason`. */
async function flushes(instance: CacheInstance, reason: L1FlushReason): Promise<number> {
  const text = await instance.registry.getSingleMetricAsString('embedding_cache_l1_flushes_total');
  return Number(new RegExp(`reason="${reason}"} (\\d+)`).exec(text)?.[1] ?? 0);
}

/** Reads `texts` until a read is served entirely by L1 (seed with `writeAndAwaitOwnInvalidations` first). */
async function fillL1(cache: EmbeddingCacheService, texts: string[]): Promise<void> {
  await waitFor(
    async () => {
      const before = cache.stats().l1Hits;
      expect(await cache.getMany(MODEL, texts)).toEqual(texts.map(vector));
      return cache.stats().l1Hits - before === texts.length;
    },
    { timeoutMs: 2_000, description: 'texts served from L1' },
  );
}

/** The connections of `server`'s clients, as `CLIENT LIST` shows them (`flags`, `redir`, `cmd`). */
async function clientList(raw: Redis): Promise<Array<Record<string, string>>> {
  const text = (await raw.client('LIST')) as string;
  return text
    .trim()
    .split('\n')
    .map((line) => Object.fromEntries(line.split(' ').map((field) => field.split('=', 2) as [string, string])));
}

describe('L1 invalidation channel faults: the L1 never vouches for what it could not hear', () => {
  const unhandled = new UnhandledRejections();
  let server: TestRedisServer;
  let raw: Redis;
  let instance: CacheInstance | undefined;

  /** Writes `texts` from another instance, and waits until `reader` has heard of every write. */
  const seed = async (reader: CacheInstance, texts: string[]): Promise<void> => {
    const writer = await createCache(server.url, { prefix: 'faults' });
    try {
      await writeAndAwaitOwnInvalidations(reader, texts.length, () =>
        writer.cache.setMany(MODEL, texts.map((text) => ({ text, vector: vector(text) }))),
      );
    } finally {
      await writer.close();
    }
  };

  beforeEach(async () => {
    unhandled.install();
    server = await startRedisServer();
    raw = new Redis(server.url);
  });

  afterEach(async () => {
    await instance?.close();
    instance = undefined;
    raw.disconnect();
    await server.stop();
    unhandled.assertNone();
    unhandled.uninstall();
  });

  describe('channel cut by a TCP proxy', () => {
    let proxy: TcpProxy;

    beforeEach(async () => {
      proxy = await startTcpProxy(server.port);
    });

    afterEach(async () => {
      await instance?.close();
      instance = undefined;
      await proxy.close();
    });

    it('serves no L1 entry older than l1MaxStaleMs while cut; flushes the L1 when it is back', async () => {
      instance = await createCache(proxy.url, { prefix: 'faults', l1MaxMb: 8, timeoutMs: 100 });
      const { cache } = instance;
      expect(cache.stats().l1Channel).toBe('subscribed');
      await seed(instance, ['a', 'b']);
      await fillL1(cache, ['a', 'b']);

      const cutAt = performance.now();
      await proxy.refuse();
      await waitFor(() => cache.stats().l1Channel === 'down', { timeoutMs: 2_000, description: 'channel down' });
      // Changed in Redis while this process cannot hear about it.
      await raw.del(cache.makeKey(MODEL, 'a'));
      await waitFor(async () => (await cache.get(MODEL, 'a')) === null && (await cache.get(MODEL, 'b')) === null, {
        timeoutMs: 2_500,
        description: 'L1 no longer serving while the channel is down',
      });
      const stoppedMs = performance.now() - cutAt;
      const hitsWhileDown = cache.stats().l1Hits;
      await sleep(200);
      await expect(cache.getMany(MODEL, ['a', 'b'])).resolves.toEqual([null, null]);
      expect(cache.stats().l1Hits).toBe(hitsWhileDown);

      const reconnectsBefore = await flushes(instance, 'reconnect');
      await proxy.accept();
      const backMs = await waitFor(() => cache.stats().l1Channel === 'subscribed' && cache.enabled(), {
        timeoutMs: 5_000,
        description: 'channel subscribed again',
      });
      expect(await flushes(instance, 'reconnect')).toBe(reconnectsBefore + 1);
      await expect(cache.getMany(MODEL, ['a', 'b'])).resolves.toEqual([null, vector('b')]);
      console.log(
        `channel cut: L1 stopped serving ${Math.round(stoppedMs)} ms after the cut (bound: 1000 ms after the last heartbeat); ` +
          `subscribed again ${Math.round(backMs)} ms after the proxy accepted`,
      );
    });

    it('with a long l1MaxStaleMs the L1 rides out the cut, and the resubscription flushes what changed meanwhile', async () => {
      instance = await createCache(proxy.url, { prefix: 'faults', l1MaxMb: 8, l1MaxStaleMs: 60_000, timeoutMs: 100 });
      const { cache } = instance;
      await seed(instance, ['a', 'b']);
      await fillL1(cache, ['a', 'b']);

      await proxy.refuse();
      await waitFor(() => cache.stats().l1Channel === 'down', { timeoutMs: 2_000, description: 'channel down' });
      await raw.del(cache.makeKey(MODEL, 'a'));
      await sleep(1_200);
      // Served from L1 by configuration, although Redis forgot 'a': the channel could not say.
      await expect(cache.getMany(MODEL, ['a', 'b'])).resolves.toEqual([vector('a'), vector('b')]);

      await proxy.accept();
      await waitFor(() => cache.stats().l1Channel === 'subscribed' && cache.enabled(), { timeoutMs: 5_000, description: 'subscribed again' });
      expect(cache.stats().l1Entries).toBe(0);
      await expect(cache.getMany(MODEL, ['a', 'b'])).resolves.toEqual([null, vector('b')]);
    });
  });

  it('frozen server (SIGSTOP): unanswered heartbeats stop the L1 serving old entries; after SIGCONT it resubscribes and starts empty', async () => {
    instance = await createCache(server.url, { prefix: 'faults', l1MaxMb: 8, timeoutMs: 50 });
    const { cache } = instance;
    await seed(instance, ['a']);
    await fillL1(cache, ['a']);
    const reconnectsBefore = await flushes(instance, 'reconnect');

    server.freeze();
    try {
      const stoppedMs = await waitFor(async () => (await cache.get(MODEL, 'a')) === null, {
        timeoutMs: 2_500,
        description: 'L1 no longer serving while Redis is frozen',
      });
      await waitFor(() => cache.stats().l1Channel === 'down', { timeoutMs: 3_000, description: 'channel down' });
      console.log(`frozen server: L1 stopped serving ${Math.round(stoppedMs)} ms after SIGSTOP`);
    } finally {
      server.resume();
    }
    await waitFor(() => cache.stats().l1Channel === 'subscribed', { timeoutMs: 5_000, description: 'subscribed again' });
    expect(await flushes(instance, 'reconnect')).toBeGreaterThan(reconnectsBefore);
    await waitFor(() => cache.enabled(), { timeoutMs: 5_000, description: 'data connection back' });
    await expect(cache.get(MODEL, 'a')).resolves.toEqual(vector('a'));
  });

  describe('ACL', () => {
    const BASE = ['resetkeys', '~acl:*', 'resetchannels', '-@all', '+get', '+set', '+mget', '+scan', '+unlink', '+eval', '+del', '+ping', '+info'];
    const TRACKING = ['+client|id', '+client|tracking', '+subscribe', '&__redis__:invalidate'];
    let warn: jest.SpyInstance;

    beforeEach(async () => {
      warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      await raw.call('ACL', 'SETUSER', 'plain', 'on', '>pw', ...BASE);
      await raw.call('ACL', 'SETUSER', 'tracking', 'on', '>pw', ...BASE, ...TRACKING);
    });

    afterEach(() => warn.mockRestore());

    it('a user without the tracking commands: channel refused, one warning naming them, the L1 serves only young entries', async () => {
      instance = await createCache(server.url, { prefix: 'acl', l1MaxMb: 8, username: 'plain', password: 'pw' });
      const { cache } = instance;
      expect(cache.stats().l1Channel).toBe('refused');
      // No invalidation will come: tracking is refused.
      await cache.set(MODEL, 'x', vector('x'));
      await fillL1(cache, ['x']);

      await sleep(1_100);
      const before = cache.stats();
      await expect(cache.get(MODEL, 'x')).resolves.toEqual(vector('x'));
      expect(cache.stats().l1Hits).toBe(before.l1Hits);
      expect(cache.stats().hits).toBe(before.hits + 1);

      const warnings = warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('client tracking'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/NOPERM.*\+client\|id \+client\|tracking \+subscribe and &__redis__:invalidate/);
      expect(cache.stats().state).toBe('ready');
    });

    it('the documented least-privilege user (with the tracking commands) subscribes, and hears a DEL', async () => {
      instance = await createCache(server.url, { prefix: 'acl', l1MaxMb: 8, username: 'tracking', password: 'pw' });
      const { cache } = instance;
      expect(cache.stats().l1Channel).toBe('subscribed');
      await writeAndAwaitOwnInvalidations(instance, 1, () => cache.set(MODEL, 'x', vector('x')));
      await fillL1(cache, ['x']);

      await raw.del(cache.makeKey(MODEL, 'x'));
      await waitFor(async () => (await cache.get(MODEL, 'x')) === null, { timeoutMs: 2_000, description: 'DEL heard' });
      expect(warn).not.toHaveBeenCalled();
    });
  });

  describe('connections', () => {
    it('one tracking connection of its own, redirected to itself; none without an L1 or with the cache disabled', async () => {
      const withL1 = await createCache(server.url, { prefix: 'conn', l1MaxMb: 8 });
      const clients = await clientList(raw);
      const tracking = clients.filter((client) => client['flags']?.includes('t'));
      expect(tracking).toHaveLength(1);
      expect(tracking[0]['redir']).toBe(tracking[0]['id']);
      expect(tracking[0]['flags']).toContain('P');
      await withL1.close();

      const withoutL1 = await createCache(server.url, { prefix: 'conn', l1MaxMb: 0 });
      const disabled = await createCache(server.url, { prefix: 'conn', l1MaxMb: 8, enabled: false });
      try {
        expect((await clientList(raw)).filter((client) => client['flags']?.includes('t'))).toHaveLength(0);
        expect(withoutL1.cache.stats().l1Channel).toBe('off');
        expect(disabled.cache.stats().l1Channel).toBe('off');
      } finally {
        await withoutL1.close();
        await disabled.close();
      }
    });

    it('closes its own tracking connection at module destroy, and leaves the borrowed client open', async () => {
      instance = await createCache(server.url, { prefix: 'conn', l1MaxMb: 8 });
      const borrowed: RedisClient = instance.moduleRef.get(RedisService).getOrThrow('embedding-cache');
      instance.cache.onModuleDestroy();

      await waitFor(async () => (await clientList(raw)).every((client) => !client['flags']?.includes('t')), {
        timeoutMs: 2_000,
        description: 'tracking connection closed',
      });
      expect(borrowed.status).toBe('ready');
      await expect(borrowed.ping()).resolves.toBe('PONG');
    });
  });
});
