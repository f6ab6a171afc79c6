import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { EmbeddingCacheEntry } from '../../src/lib/interfaces/embedding-cache-entry.interface';
import type { EmbeddingCacheModuleOptions } from '../../src/lib/interfaces/embedding-cache-options.interface';
import type { EmbeddingCacheStats } from '../../src/lib/interfaces/embedding-cache-stats.interface';

const ROOT = join(__dirname, '..', '..', '..', '..');
const FIXTURE = join(__dirname, '..', 'fixtures', 'cache-process.ts');

/** A request to the child (`id` matches it to its reply). */
export type CacheProcessRequest =
  | { id: number; op: 'getMany'; model: string; texts: string[] }
  | { id: number; op: 'setMany'; model: string; entries: EmbeddingCacheEntry[] }
  | { id: number; op: 'clear' }
  | { id: number; op: 'stats' }
  | { id: number; op: 'metrics' }
  | { id: number; op: 'close' };

/** The child's reply; id 0 announces that the module is initialised. */
export type CacheProcessReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Distributes `Omit` over a union, so that each request keeps its own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** An OS process running one cache module instance, driven from the test. */
export class CacheProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (raw: unknown) => {
      const reply = raw as CacheProcessReply;
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(reply.error));
    });
    child.on('exit', (code, signal) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`cache process exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  /** Forks the fixture with `options` and resolves once its module is initialised. */
  static async start(options: EmbeddingCacheModuleOptions): Promise<CacheProcess> {
    const child = fork(FIXTURE, [], {
      cwd: ROOT,
      execArgv: ['-r', '@swc-node/register'],
      env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'), CACHE_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const proc = new CacheProcess(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('cache process did not start within 30 s')), 30_000);
      proc.pending.set(0, {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
    return proc;
  }

  /** PID of the child. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** `getMany`, vectors as plain arrays. */
  getMany(model: string, texts: string[]): Promise<Array<number[] | null>> {
    return this.request({ op: 'getMany', model, texts }) as Promise<Array<number[] | null>>;
  }

  /** `setMany`: resolves the number stored. */
  setMany(model: string, entries: EmbeddingCacheEntry[]): Promise<number> {
    return this.request({ op: 'setMany', model, entries }) as Promise<number>;
  }

  /** `clear()`: resolves the number of keys deleted. */
  clear(): Promise<number> {
    return this.request({ op: 'clear' }) as Promise<number>;
  }

  /** `stats()`. */
  stats(): Promise<EmbeddingCacheStats> {
    return this.request({ op: 'stats' }) as Promise<EmbeddingCacheStats>;
  }

  /** The instance's Prometheus metrics, as text. */
  metrics(): Promise<string> {
    return this.request({ op: 'metrics' }) as Promise<string>;
  }

  /** Closes the module (and its connections), then the process exits; killed if it has not within 10 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.request({ op: 'close' }).catch(() => undefined);
    await exited;
    clearTimeout(timer);
  }

  private request(request: WithoutId<CacheProcessRequest>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...request, id });
    });
  }
}
