import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { startTcpProxy } from './tcp-proxy';
import type { TcpProxy } from './tcp-proxy';

/**
 * Sends `text` and resolves the first reply, or `null` after `waitMs` / on a refused connect.
 * Calls that expect a reply wait up to `REPLY_WAIT_MS`: 300 ms was outlasted on a loaded machine.
 */
const REPLY_WAIT_MS = 5_000;

function roundTrip(port: number, text: string, waitMs = 300): Promise<string | null> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    const done = (value: string | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(null), waitMs);
    socket.on('error', () => done(null));
    socket.on('data', (chunk) => done(chunk.toString()));
    socket.on('connect', () => socket.write(text));
  });
}

describe('startTcpProxy', () => {
  let echo: Server;
  let proxy: TcpProxy;

  beforeAll(async () => {
    echo = createServer((socket) => socket.on('data', (chunk) => socket.write(chunk)));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const address = echo.address();
    proxy = await startTcpProxy(typeof address === 'object' && address ? address.port : 0);
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => echo.close(resolve));
  });

  it('forwards both ways', async () => {
    await expect(roundTrip(proxy.port, 'ping', REPLY_WAIT_MS)).resolves.toBe('ping');
  });

  it('adds latency', async () => {
    proxy.setLatency(100);
    const started = performance.now();
    await expect(roundTrip(proxy.port, 'slow', REPLY_WAIT_MS)).resolves.toBe('slow');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    proxy.setLatency(0);
  });

  it('black-holes: accepts, never answers', async () => {
    proxy.setMode('blackhole');
    await expect(roundTrip(proxy.port, 'lost')).resolves.toBeNull();
    proxy.setMode('forward');
    await expect(roundTrip(proxy.port, 'back', REPLY_WAIT_MS)).resolves.toBe('back');
  });

  it('refuses connections until accept', async () => {
    await proxy.refuse();
    await expect(roundTrip(proxy.port, 'refused')).resolves.toBeNull();
    await proxy.accept();
    await expect(roundTrip(proxy.port, 'again', REPLY_WAIT_MS)).resolves.toBe('again');
  });
});
