import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';

/** Root of the workspace (where tsconfig.base.json is). */
export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');

/** A Nest app of this repository running as its own OS process. */
export interface SpawnedApp {
  readonly process: ChildProcess;
  readonly url: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has exited and its output is all read. */
  readonly exited: Promise<number | string>;
  /** Sends a signal; SIGKILL by default. */
  kill(signal?: NodeJS.Signals): void;
}

/** Resolves once `url` answers any HTTP status, or rejects after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, died?: Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void died?.then(() => (dead = true));
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = request(url, { timeout: 500 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (ok) return;
    if (dead) throw new Error(`process serving ${url} exited before answering`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs `entry` (a TypeScript main.ts relative to the workspace root) with swc-node in a new
 * process with `env` over the current environment, and waits until `healthUrl` answers.
 */
export async function spawnApp(entry: string, env: Record<string, string>, healthUrl: string, timeoutMs = 60_000): Promise<SpawnedApp> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(WORKSPACE_ROOT, entry)], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'tsconfig.base.json'), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    // 'close', not 'exit': by then stdout and stderr are drained, so `output()` is complete.
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  try {
    await waitForHttp(healthUrl, timeoutMs, exited);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${entry} did not start: ${(error as Error).message}\n${output}`);
  }
  return {
    process: child,
    url: new URL(healthUrl).origin,
    output: () => output,
    exited,
    kill: (signal: NodeJS.Signals = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
