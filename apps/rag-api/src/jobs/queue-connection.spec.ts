import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { busyWait, startRedisServer, waitFor } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { QueueConnection } from './queue-connection';
import { QueueUnavailableError } from './queue-unavailable.error';

describe('QueueConnection (real redis-server)', () => {
  let redis: TestRedisServer;
  let client: Redis;
  let connection: QueueConnection;
  const logger = new Logger('test');
  let opened: number;

  beforeEach(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await waitFor(() => client.status === 'ready', { description: 'client ready' });
    opened = 0;
    jest.spyOn(logger, 'warn').mockImplementation(() => void (opened += 1));
    jest.spyOn(logger, 'log').mockImplementation(() => undefined);
    connection = new QueueConnection(client, 'test', logger);
  });

  afterEach(async () => {
    connection.dispose();
    redis.resume();
    client.disconnect();
    await redis.stop();
  });

  it('a loop blocked for 300 ms while calls wait (10 times over), Redis healthy: every call answered, the circuit never opens', async () => {
    for (let round = 0; round < 10; round += 1) {
      const calls = Array.from({ length: 5 }, () => connection.call(50, (c) => c.ping()));
      busyWait(300);
      await expect(Promise.all(calls)).resolves.toEqual(['PONG', 'PONG', 'PONG', 'PONG', 'PONG']);
    }
    expect(connection.circuitOpen).toBe(false);
    expect(opened).toBe(0);
  });

  it('a frozen Redis (SIGSTOP) opens it; calls then fail at once; it closes again after SIGCONT', async () => {
    redis.freeze();
    // Two punctual timeouts open it (a miss whose timer fired late on this loaded machine is not counted, so maybe a few more calls).
    await waitFor(
      async () => {
        await expect(connection.call(100, (c) => c.ping())).rejects.toThrow(QueueUnavailableError);
        return connection.circuitOpen;
      },
      { timeoutMs: 5_000, description: 'the circuit opened by timeouts' },
    );
    const started = performance.now();
    await expect(connection.call(2_000, (c) => c.ping())).rejects.toThrow(QueueUnavailableError);
    expect(performance.now() - started).toBeLessThan(50);
    redis.resume();
    // The heartbeat (every second) closes it.
    await waitFor(() => !connection.circuitOpen, { timeoutMs: 5_000, description: 'the circuit closed' });
    await expect(connection.call(1_000, (c) => c.ping())).resolves.toBe('PONG');
  });

  it('a second connection sharing the circuit fails at once as soon as the first saw the server frozen', async () => {
    const readsClient = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await waitFor(() => readsClient.status === 'ready', { description: 'reads client ready' });
    const reads = new QueueConnection(readsClient, 'reads', logger, connection.breaker);
    try {
      redis.freeze();
      await waitFor(
        async () => {
          await expect(connection.call(100, (c) => c.ping())).rejects.toThrow(QueueUnavailableError);
          return connection.circuitOpen;
        },
        { timeoutMs: 5_000, description: 'the circuit opened by the first connection' },
      );
      // The reads connection never met the frozen server itself, yet does not wait for its deadline.
      const started = performance.now();
      await expect(reads.call(2_000, (c) => c.ping())).rejects.toThrow(QueueUnavailableError);
      expect(performance.now() - started).toBeLessThan(50);
      redis.resume();
      await waitFor(() => !reads.circuitOpen, { timeoutMs: 5_000, description: 'the shared circuit closed' });
      await expect(reads.call(1_000, (c) => c.ping())).resolves.toBe('PONG');
    } finally {
      reads.dispose();
      readsClient.disconnect();
    }
  });

  it('a frozen Redis opens it without traffic too (heartbeat)', async () => {
    redis.freeze();
    await waitFor(() => connection.circuitOpen, { timeoutMs: 5_000, description: 'the circuit opened by the heartbeat' });
    expect(opened).toBe(1);
  });

  it('a refused connection fails at once, without a deadline', async () => {
    await redis.kill();
    await waitFor(() => client.status !== 'ready', { description: 'the client not ready' });
    const started = performance.now();
    await expect(connection.call(2_000, (c) => c.ping())).rejects.toThrow(QueueUnavailableError);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
