import { EventEmitter } from 'node:events';
import type { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { EmbeddingCacheMetrics } from '../embedding-cache.metrics';
import type { CacheClient } from '../interfaces/cache-client.interface';
import { CacheConnection } from './cache-connection';
import { FleetLock, MAX_PENDING_KEYS } from './fleet-lock';

/** A stand-in for the ioredis client: a status, `eval` (the release script) and a SET NX pipeline. */
class MockRedis extends EventEmitter {
  status = 'ready';
  eval = jest.fn<Promise<unknown>, unknown[]>(async () => 1);
  ping = jest.fn(async () => 'PONG');
  pipelineExec = jest.fn(async (): Promise<unknown> => [[null, 'OK']]);
  pipeline = jest.fn(() => {
    const pipeline = { set: () => pipeline, exec: () => this.pipelineExec() };
    return pipeline;
  });
}

/** The keys and token of each release script call, in order. */
function releases(client: MockRedis): Array<{ keys: unknown[]; token: unknown }> {
  return client.eval.mock.calls.map(([, count, ...rest]) => ({ keys: rest.slice(0, count as number), token: rest[count as number] }));
}

describe('FleetLock (unit, mocked Redis)', () => {
  let client: MockRedis;
  let connection: CacheConnection;
  let lock: FleetLock;

  beforeEach(() => {
    client = new MockRedis();
    const metrics = new EmbeddingCacheMetrics({ registry: new Registry() });
    connection = new CacheConnection(
      client as unknown as CacheClient,
      { timeoutMs: 50, breakerThreshold: 1, probeIntervalMs: 60_000, readyTimeoutMs: 1_000 },
      { log: jest.fn(), warn: jest.fn(), error: jest.fn() } as unknown as Logger,
      metrics,
    );
    lock = new FleetLock(connection, 30_000, 50);
  });

  afterEach(() => connection.dispose());

  /** Opens the circuit (threshold 1) with a lock attempt that fails as a dead connection does. */
  const openCircuit = async (): Promise<void> => {
    client.pipelineExec.mockRejectedValueOnce(new Error('Connection is closed.'));
    await expect(lock.acquire(['p:lock:x'], 'other-token')).resolves.toMatchObject({ owned: [true], locked: [false], reachable: false });
    expect(connection.available()).toBe(false);
  };

  it('releases the held locks and, in the same call, the doubtful ones, each with the token', async () => {
    await lock.release(['p:lock:held'], 'tok', ['p:lock:doubtful']);

    expect(releases(client)).toHaveLength(2);
    expect(releases(client)).toEqual(
      expect.arrayContaining([
        { keys: ['p:lock:held'], token: 'tok' },
        { keys: ['p:lock:doubtful'], token: 'tok' },
      ]),
    );
  });

  it('keeps the release of doubtful locks while the circuit is open and sends it when the circuit closes', async () => {
    await openCircuit();

    await lock.release([], 'tok', ['p:lock:a', 'p:lock:b']);
    expect(client.eval).not.toHaveBeenCalled();

    await connection.ping(); // the probe's PING is answered: the circuit closes
    expect(connection.available()).toBe(true);
    expect(releases(client)).toEqual([{ keys: ['p:lock:a', 'p:lock:b'], token: 'tok' }]);

    // Sent once: a later recovery does not send it again.
    client.emit('ready');
    expect(client.eval).toHaveBeenCalledTimes(1);
  });

  it('keeps the release while the client reconnects and sends it on ready, before any later lock attempt', async () => {
    client.status = 'reconnecting';
    await lock.release([], 'tok', ['p:lock:a']);
    expect(client.eval).not.toHaveBeenCalled();

    client.status = 'ready';
    client.emit('ready');
    const attempt = lock.acquire(['p:lock:a'], 'next-token');

    expect(client.eval.mock.invocationCallOrder[0]).toBeLessThan(client.pipelineExec.mock.invocationCallOrder[0]);
    expect(releases(client)).toEqual([{ keys: ['p:lock:a'], token: 'tok' }]);
    await expect(attempt).resolves.toEqual({ owned: [true], locked: [true], reachable: true });
  });

  it(`keeps at most ${MAX_PENDING_KEYS} keys to release, dropping the oldest calls' first`, async () => {
    await openCircuit();
    const keys = (name: string, n: number) => Array.from({ length: n }, (_, i) => `p:lock:${name}${i}`);
    const half = Math.ceil(MAX_PENDING_KEYS / 2) + 1;

    await lock.release([], 'oldest', keys('o', half));
    await lock.release([], 'newest', keys('n', half));
    await connection.ping();

    expect(releases(client).map(({ token }) => token)).toEqual(['newest']);
  });

  it('keeps the keys of two attempts under one token (a call that took over after its first attempt)', async () => {
    await openCircuit();
    await lock.release([], 'tok', ['p:lock:first']);
    await lock.release([], 'tok', ['p:lock:takeover']);

    await connection.ping();

    expect(releases(client)).toEqual([{ keys: ['p:lock:first', 'p:lock:takeover'], token: 'tok' }]);
  });

  it('never throws when a release fails: the lock then expires', async () => {
    client.eval.mockRejectedValue(new Error('Connection is closed.'));
    await expect(lock.release(['p:lock:held'], 'tok', ['p:lock:doubtful'])).resolves.toBeUndefined();
    expect(client.eval).toHaveBeenCalledTimes(2);
  });

  it('stops listening for recoveries once the connection is disposed', async () => {
    await openCircuit();
    await lock.release([], 'tok', ['p:lock:a']);
    connection.dispose();

    client.emit('ready');
    expect(client.eval).not.toHaveBeenCalled();
  });
});
