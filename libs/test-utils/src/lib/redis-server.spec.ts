import { answersPing, startRedisServer, waitForPong } from './redis-server';
import type { TestRedisServer } from './redis-server';

describe('startRedisServer', () => {
  let server: TestRedisServer;

  beforeAll(async () => {
    server = await startRedisServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('starts a server that answers PING on its own loopback port', async () => {
    await expect(waitForPong(server.port, 1_000)).resolves.toBeUndefined();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
  });

  it('answersPing tells a server that answers from a frozen one within the given timeout', async () => {
    await expect(answersPing(server.port, 100)).resolves.toBe(true);
    server.freeze();
    try {
      const started = performance.now();
      await expect(answersPing(server.port, 100)).resolves.toBe(false);
      expect(performance.now() - started).toBeLessThan(450);
    } finally {
      server.resume();
    }
    await expect(answersPing(server.port, 100)).resolves.toBe(true);
  });

  it('kills and restarts the server on the same port', async () => {
    const before = server.pid();
    await server.kill();
    await expect(waitForPong(server.port, 200)).rejects.toThrow(/did not answer/);
    await server.restart();
    await expect(waitForPong(server.port, 1_000)).resolves.toBeUndefined();
    expect(server.pid()).not.toBe(before);
  });
});
