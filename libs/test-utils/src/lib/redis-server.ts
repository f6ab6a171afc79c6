import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Path of the Redis server binary; `REDIS_SERVER_BIN` overrides it. */
export const REDIS_SERVER_BIN = process.env['REDIS_SERVER_BIN'] ?? 'redis-server';

/** Options of `startRedisServer`. */
export interface RedisServerOptions {
  /** Extra `redis-server` arguments, e.g. `['--maxmemory', '10mb']`. */
  args?: string[];
  /** Data directory; a fresh temporary one by default (removed by `stop`). */
  dir?: string;
  /** Port to listen on; a free one by default. */
  port?: number;
  /**
   * A `redis.conf` to start from (e.g. `deploy/redis/redis.conf`). Its settings apply, except
   * bind, port, dir and loglevel, which the command line overrides; persistence is left as the
   * file says instead of being turned off.
   */
  configFile?: string;
  /** Start a Sentinel (`--sentinel`) instead of a server; needs a writable `configFile`. */
  sentinel?: boolean;
}

/** A private `redis-server` on a free loopback port, owned by the test that started it. */
export interface TestRedisServer {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** PID of the running server process. */
  pid(): number;
  /** SIGSTOP: the server keeps its sockets open but answers nothing. */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  resume(): void;
  /** SIGKILL; resolves once the process has exited. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and directory. */
  restart(): Promise<void>;
  /** Stops the server (resuming it first if frozen) and removes a temporary directory. */
  stop(): Promise<void>;
}

/** A port that was free a moment ago (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something on `port` answers PING (see `answersPing`), or rejects after `timeoutMs`. */
export async function waitForPong(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await answersPing(port)) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Whether something on `port` answers PING within `timeoutMs`: PONG, or NOAUTH from a server that
 * requires a password (it is up all the same). Never rejects. A short timeout tells a server that
 * is busy (frozen, in DEBUG SLEEP) from one that answers, which takes well under a millisecond.
 */
export function answersPing(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `redis-server` on a free loopback port with persistence off (unless a `configFile` is
 * given) and DEBUG enabled, retrying on a port taken in the meantime.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<TestRedisServer> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rag-redis-'));
  const extra = options.args ?? [];
  let child: ChildProcess | undefined;
  let frozen = false;

  const launch = async (port: number): Promise<void> => {
    const args = [
      ...(options.configFile ? [options.configFile] : []),
      ...(options.sentinel ? ['--sentinel'] : []),
      '--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--loglevel', 'warning',
      ...(options.configFile ? [] : ['--save', '', '--appendonly', 'no']),
      ...(options.sentinel ? [] : ['--enable-debug-command', 'local']),
      ...extra,
    ];
    const proc = spawn(REDIS_SERVER_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    // Redis reports configuration errors on stderr; keep the tail for the error message.
    let output = '';
    proc.stderr?.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-2_000)));
    const died = exited(proc).then(() => {
      throw new Error(
        `redis-server exited on port ${port} (code ${proc.exitCode}, signal ${proc.signalCode})${output ? `:\n${output.trim()}` : ''}`,
      );
    });
    await Promise.race([waitForPong(port), died]);
    died.catch(() => undefined);
  };

  let port = 0;
  for (let attempt = 1; ; attempt += 1) {
    port = options.port ?? (await freePort());
    try {
      await launch(port);
      break;
    } catch (error) {
      child?.kill('SIGKILL');
      if (attempt >= 5) throw error;
    }
  }

  const current = (): ChildProcess => {
    if (!child) throw new Error('redis-server is not running');
    return child;
  };

  const server: TestRedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    pid: () => current().pid ?? -1,
    freeze() {
      current().kill('SIGSTOP');
      frozen = true;
    },
    resume() {
      current().kill('SIGCONT');
      frozen = false;
    },
    async kill() {
      const proc = current();
      if (frozen) server.resume();
      proc.kill('SIGKILL');
      await exited(proc);
    },
    async restart() {
      if (child && child.exitCode === null && child.signalCode === null) await server.kill();
      await launch(port);
    },
    async stop() {
      if (child && child.exitCode === null && child.signalCode === null) {
        if (frozen) server.resume();
        child.kill('SIGTERM');
        await exited(child);
      }
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
