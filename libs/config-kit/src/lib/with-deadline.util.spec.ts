import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { DeadlineExceededError } from './deadline-exceeded.error';
import { withDeadline } from './with-deadline.util';

/** A TCP server answering `pong` to anything, printing its port: run in a child process. */
const PONG_SERVER = `const s = require('node:net').createServer((c) => c.on('data', () => c.write('pong')));
s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;

/** The first line of `stdout` that is a port number (anything else the child prints is skipped). */
async function portOf(stdout: Readable): Promise<number> {
  for await (const line of createInterface({ input: stdout })) {
    if (/^\d+$/.test(line.trim())) return Number(line.trim());
  }
  throw new Error('the server printed no port');
}

describe('withDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves with the value when the promise settles in time', async () => {
    await expect(withDeadline(Promise.resolve(42), 50)).resolves.toBe(42);
  });

  it('passes on a rejection that arrives in time', async () => {
    await expect(withDeadline(Promise.reject(new Error('refused')), 50)).rejects.toThrow('refused');
  });

  it('rejects with DeadlineExceededError when the promise hangs', async () => {
    const pending = withDeadline(new Promise<never>(() => undefined), 50);
    jest.advanceTimersByTime(50);
    await expect(pending).rejects.toThrow(DeadlineExceededError);
    await expect(pending).rejects.toThrow('Redis did not answer within 50 ms');
    await expect(pending).rejects.toMatchObject({ name: 'DeadlineExceededError', budgetMs: 50 });
  });

  it('names another subject when given one', async () => {
    const pending = withDeadline(new Promise<never>(() => undefined), 20, 'The vector store');
    jest.advanceTimersByTime(20);
    await expect(pending).rejects.toThrow('The vector store did not answer within 20 ms');
  });

  it('absorbs a rejection that arrives after the deadline', async () => {
    let rejectLate!: (e: Error) => void;
    const late = new Promise<never>((_, reject) => (rejectLate = reject));
    const pending = withDeadline(late, 10);
    jest.advanceTimersByTime(10);
    await expect(pending).rejects.toThrow(DeadlineExceededError);
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    rejectLate(new Error('late'));
    jest.useRealTimers();
    await new Promise((r) => setImmediate(r));
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });

  describe('with the real event loop', () => {
    beforeEach(() => jest.useRealTimers());

    const busyWait = (ms: number): void => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        // Blocks the event loop on purpose, as a long synchronous task would.
      }
    };

    it('a reply that arrived (on a socket) while the loop was blocked past the deadline wins over the late timer', async () => {
      // The server is another process, as Redis is: it answers while this one is blocked.
      const server = spawn(process.execPath, ['-e', PONG_SERVER], { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env['PATH'] } });
      try {
        const port = await portOf(server.stdout);
        const socket = connect(port, '127.0.0.1');
        await once(socket, 'connect');
        const reply = once(socket, 'data').then(([data]) => String(data));
        socket.write('ping');
        const guarded = withDeadline(reply, 20);
        // The answer is on the socket within a few milliseconds; the loop is blocked for 150: when
        // it unblocks, the deadline's timer is due before the socket is read.
        busyWait(150);
        await expect(guarded).resolves.toBe('pong');
        socket.destroy();
      } finally {
        server.kill('SIGKILL');
      }
    });

    it('a miss whose timer fired late records the lag and is explained by it', async () => {
      const guarded = withDeadline(new Promise<never>(() => undefined), 20);
      busyWait(100);
      const error = (await guarded.catch((e: unknown) => e)) as DeadlineExceededError;
      expect(error).toBeInstanceOf(DeadlineExceededError);
      expect(error.loopLagMs).toBeGreaterThanOrEqual(60);
      expect(error.explainedByLoopLag).toBe(true);
      expect(error.message).toMatch(/timer fired \d+ ms late/);
    });

    it('a miss with a punctual timer is not explained by the loop', async () => {
      const error = (await withDeadline(new Promise<never>(() => undefined), 30).catch((e: unknown) => e)) as DeadlineExceededError;
      expect(error.explainedByLoopLag).toBe(false);
    });
  });
});
