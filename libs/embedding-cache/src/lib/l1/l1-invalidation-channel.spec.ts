import { EventEmitter } from 'node:events';
import type { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { fakeSource, flush } from '../../../test/support/fake-tracking-connection';
import { EmbeddingCacheMetrics } from '../embedding-cache.metrics';
import type { CacheClient } from '../interfaces/cache-client.interface';
import type { InvalidationSource } from '../interfaces/invalidation-source.interface';
import { L1InvalidationChannel } from './l1-invalidation-channel';
import { L1Tier } from './l1-tier';

/** A channel over fake servers; `sources` is what the topology names now (`undefined`: incomplete). */
function setup(initial: Array<ReturnType<typeof fakeSource>> | undefined): {
  channel: L1InvalidationChannel;
  client: EventEmitter;
  l1: L1Tier;
  registry: Registry;
  logger: { log: jest.Mock; warn: jest.Mock };
  topology: { sources: InvalidationSource[] | undefined };
  clock: { now: number };
} {
  const clock = { now: 10_000 };
  const registry = new Registry();
  const metrics = new EmbeddingCacheMetrics({ registry });
  const l1 = new L1Tier({ maxMb: 1, ttlSeconds: 60, maxStaleMs: 1_000, now: () => clock.now }, metrics);
  const client = new EventEmitter();
  const topology = { sources: initial as InvalidationSource[] | undefined };
  const logger = { log: jest.fn(), warn: jest.fn() };
  const channel = new L1InvalidationChannel(
    client as unknown as CacheClient,
    { invalidationSources: () => topology.sources },
    l1,
    { prefix: 'emb', timeoutMs: 50, maxStaleMs: 1_000 },
    logger as unknown as Logger,
    metrics,
  );
  return { channel, client, l1, registry, logger, topology, clock };
}

/** Puts `key` in the L1 as a read from Redis would, read at the clock's time. */
function fill(l1: L1Tier, key: string): void {
  const read = l1.beginRead();
  l1.keep(read, key, new Float32Array([1]));
  l1.endRead(read);
}

describe('L1InvalidationChannel', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('start resolves once subscribed; the first sync flushes the L1 (reason connect); the state gauge follows', async () => {
    const server = fakeSource('server');
    const { channel, l1, registry, logger } = setup([server]);
    const started = channel.start(1_000);
    expect(channel.state()).toBe('connecting');
    fill(l1, 'emb:early');

    await server.connections[0].becomeReady();
    await started;

    expect(channel.state()).toBe('subscribed');
    expect(l1.entries).toBe(0);
    const text = await registry.metrics();
    expect(text).toMatch(/embedding_cache_l1_flushes_total\{reason="connect"} 1/);
    expect(text).toMatch(/embedding_cache_l1_channel_state\{state="subscribed"} 1/);
    expect(text).toMatch(/embedding_cache_l1_channel_state\{state="connecting"} 0/);
    expect(logger.log).toHaveBeenCalledWith('L1 invalidation channel subscribed on 1 Redis server(s)');
    channel.stop();
  });

  it('start gives up after waitMs without throwing', async () => {
    const { channel } = setup([fakeSource('server')]);
    const started = channel.start(1_000);
    jest.advanceTimersByTime(1_000);
    await expect(started).resolves.toBeUndefined();
    expect(channel.state()).toBe('connecting');
    channel.stop();
  });

  it('drops invalidated keys; a flush message (FLUSHDB) empties the L1', async () => {
    const server = fakeSource('server');
    const { channel, l1, registry } = setup([server]);
    void channel.start(1_000);
    await server.connections[0].becomeReady();
    fill(l1, 'emb:a');
    fill(l1, 'emb:b');

    server.connections[0].invalidate(['emb:a']);
    expect([l1.read('emb:a'), l1.read('emb:b')]).toEqual([undefined, new Float32Array([1])]);
    server.connections[0].invalidate(null);
    expect(l1.entries).toBe(0);
    expect(await registry.metrics()).toMatch(/embedding_cache_l1_flushes_total\{reason="redis_flush"} 1/);
    channel.stop();
  });

  it('vouches up to the oldest heartbeat of all servers: one silent server stops old entries being served', async () => {
    const a = fakeSource('a:1');
    const b = fakeSource('b:1');
    const { channel, l1, clock } = setup([a, b]);
    void channel.start(1_000);
    await a.connections[0].becomeReady();
    await b.connections[0].becomeReady();
    fill(l1, 'emb:k');

    b.connections[0].holdReplies = true;
    for (let beat = 0; beat < 8; beat += 1) {
      clock.now += 250;
      jest.advanceTimersByTime(250);
      await flush();
    }
    // a answered every heartbeat; b none since 10 000, so nothing read before 11 000 - 1 000 is served.
    expect(channel.state()).toBe('down');
    expect(l1.read('emb:k')).toBeUndefined();
    channel.stop();
  });

  it('logs one warning per state change, naming the server and the reason', async () => {
    const server = fakeSource('server');
    const { channel, logger } = setup([server]);
    void channel.start(1_000);
    const connection = server.connections[0];
    await connection.becomeReady();

    connection.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    connection.lose();
    connection.lose();
    expect(channel.state()).toBe('down');
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toBe(
      'L1 invalidation channel down (server: connect ECONNREFUSED 127.0.0.1:6379); the L1 serves no entry older than 1000 ms until it is back, and starts empty then',
    );

    await connection.becomeReady();
    expect(channel.state()).toBe('subscribed');
    expect(logger.log).toHaveBeenCalledTimes(2);
    channel.stop();
  });

  it('cluster topology change: a new master is subscribed and flushes the L1 (reason topology); a master gone is closed', async () => {
    const a = fakeSource('a:1');
    const b = fakeSource('b:1');
    const { channel, client, l1, registry, topology } = setup([a, b]);
    void channel.start(1_000);
    await a.connections[0].becomeReady();
    await b.connections[0].becomeReady();
    // Every master subscribing at boot is a boot flush, not a topology change.
    expect(await registry.metrics()).toMatch(/embedding_cache_l1_flushes_total\{reason="connect"} 2/);

    // b failed over to c: until the slot table says so, b stays and vouches for nothing new.
    const c = fakeSource('c:1');
    topology.sources = [a, c];
    client.emit('refresh');
    expect(b.connections[0].disconnects).toEqual([false]);
    expect(c.connections).toHaveLength(1);
    expect(channel.state()).toBe('connecting');
    fill(l1, 'emb:k');

    await c.connections[0].becomeReady();
    expect(channel.state()).toBe('subscribed');
    expect(l1.entries).toBe(0);
    expect(await registry.metrics()).toMatch(/embedding_cache_l1_flushes_total\{reason="topology"} 1/);
    channel.stop();
  });

  it('a slot without a master (incomplete topology) withdraws the guarantee', async () => {
    const a = fakeSource('a:1');
    const { channel, client, l1, topology, clock } = setup([a]);
    void channel.start(1_000);
    await a.connections[0].becomeReady();
    fill(l1, 'emb:k');

    topology.sources = undefined;
    client.emit('-node');
    expect(channel.state()).toBe('down');
    clock.now += 1_001;
    expect(l1.read('emb:k')).toBeUndefined();
    channel.stop();
  });

  it('stop closes every connection of its own and stops following the client', async () => {
    const a = fakeSource('a:1');
    const { channel, client } = setup([a]);
    void channel.start(1_000);
    channel.stop();

    expect(a.connections[0].disconnects).toEqual([false]);
    expect(client.listenerCount('refresh')).toBe(0);
  });
});
