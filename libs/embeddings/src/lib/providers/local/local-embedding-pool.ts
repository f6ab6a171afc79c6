import { extname, join } from 'node:path';
import { Piscina } from 'piscina';
import { sliceByChars } from '../../utils/slice-by-chars.util';
import type { LocalEmbeddingTask } from './local-embedding.worker';

/** Characters of one task: ~50-100 ms of hashing, so that a pool of several threads shares one large call. */
const TASK_MAX_CHARS = 500_000;
/** A thread idle this long is stopped; the next call starts it again (~30 ms). */
const IDLE_TIMEOUT_MS = 30_000;
/**
 * Niceness added to the threads (Linux, through piscina's optional @napi-rs/nice; ignored where it
 * is missing): on a busy machine the event loop gets the CPU first, the hashing what is left.
 */
const NICE_INCREMENT = 10;

/**
 * Worker threads of the local provider (piscina), so that hashing large inputs never blocks the
 * event loop (issue #14: 32 requests of 2,048 × 4,900 characters held /health/live for > 10 s).
 * A call is cut into tasks of about `TASK_MAX_CHARS` characters, run on up to `threads` threads;
 * the vectors come back in moved buffers. Threads start on first use and stop when idle.
 */
export class LocalEmbeddingPool {
  #pool?: Piscina;

  constructor(
    private readonly threads: number,
    private readonly dimensions: number,
  ) {}

  /** The vectors of `texts`, in input order, computed off the calling thread. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const pool = this.#start();
    const tasks = texts.length === 0 ? [] : sliceByChars(texts, TASK_MAX_CHARS);
    const parts = await Promise.all(tasks.map((part) => pool.run({ texts: part, dimensions: this.dimensions } satisfies LocalEmbeddingTask) as Promise<Float32Array>));
    const dims = this.dimensions;
    // Copies, not views: a vector kept (in the L1 cache, say) must not pin its whole task's buffer.
    return parts.flatMap((part) => Array.from({ length: part.length / dims }, (_, i) => part.slice(i * dims, (i + 1) * dims)));
  }

  /** Stops the threads; a later `embed` starts them again. */
  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.destroy();
  }

  #start(): Piscina {
    if (this.#pool) return this.#pool;
    // Under swc-node (npm run serve, the e2e tests) this file is TypeScript, and so is the worker:
    // load it with the same register hook; the compiled build (npm start) loads the .js file.
    const typescript = extname(__filename) === '.ts';
    this.#pool = new Piscina({
      filename: join(__dirname, `local-embedding.worker${extname(__filename)}`),
      minThreads: 0,
      maxThreads: this.threads,
      idleTimeout: IDLE_TIMEOUT_MS,
      niceIncrement: NICE_INCREMENT,
      ...(typescript ? { execArgv: ['-r', '@swc-node/register'] } : {}),
    });
    return this.#pool;
  }
}
