import { ProviderBusyError } from './provider-busy.error';
import type { ProviderLimits } from './provider-limits.interface';

/** What a caller does when the provider is at its bound: a request is refused, a job waits. */
export type OnProviderBusy = 'reject' | 'wait';

/** What one provider call costs: its texts and their characters. */
export interface ProviderCallCost {
  readonly texts: number;
  readonly chars: number;
}

interface Waiter {
  readonly chars: number;
  readonly onBusy: OnProviderBusy;
  readonly start: () => void;
  timer?: NodeJS.Timeout;
}

/** Longest `Retry-After` advised, in seconds. */
const MAX_RETRY_AFTER_S = 60;
/** Weight of the latest call in the moving average of call durations that `Retry-After` is estimated from. */
const DURATION_EWMA_WEIGHT = 0.2;

/**
 * The process-wide bound in front of the embedding provider (issue #15: 250 concurrent requests
 * opened 250 provider calls; issue #14: 32 large local requests held 1.35 GB): at most
 * `maxConcurrency` calls run, at most `maxQueue` wait for a slot (first come, first served), and
 * the texts of running and waiting calls hold at most `maxPendingChars` characters. A request's
 * call (`onBusy: 'reject'`) beyond any bound, or waiting longer than `maxWaitMs`, is refused with
 * `ProviderBusyError` before anything reaches the provider; a job's call (`'wait'`) queues as long
 * as it takes (it counts against the bounds, so requests see the load).
 *
 * Hand-written rather than p-limit / p-queue: their current majors are ESM-only (this project
 * compiles to CommonJS), and neither bounds the queue by weight (characters) or refuses instead
 * of queueing; the whole semaphore is this class.
 */
export class ProviderLimiter {
  readonly limits: ProviderLimits;
  #running = 0;
  #pendingChars = 0;
  readonly #queue: Waiter[] = [];
  /** Moving average of call durations, in ms (0 until a call ended). */
  #averageMs = 0;

  constructor(limits: ProviderLimits) {
    this.limits = limits;
  }

  /** Calls running now. */
  get running(): number {
    return this.#running;
  }

  /** Calls waiting for a slot now. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Characters of the texts of running and waiting calls. */
  get pendingChars(): number {
    return this.#pendingChars;
  }

  /** Runs `call` once a slot is free; see the class comment for when it is refused instead. */
  async run<T>(cost: ProviderCallCost, call: () => Promise<T>, onBusy: OnProviderBusy): Promise<T> {
    await this.#acquire(cost.chars, onBusy);
    const started = Date.now();
    try {
      return await call();
    } finally {
      const elapsed = Date.now() - started;
      this.#averageMs = this.#averageMs === 0 ? elapsed : this.#averageMs + DURATION_EWMA_WEIGHT * (elapsed - this.#averageMs);
      this.#running--;
      this.#pendingChars -= cost.chars;
      this.#next();
    }
  }

  /** Seconds after which a refused call is likely to be admitted: the queue ahead drained at the average call duration. */
  retryAfterSeconds(): number {
    const drainMs = ((this.#queue.length + 1) / this.limits.maxConcurrency) * this.#averageMs;
    return Math.min(MAX_RETRY_AFTER_S, Math.max(1, Math.ceil(drainMs / 1000)));
  }

  #acquire(chars: number, onBusy: OnProviderBusy): Promise<void> {
    const { maxConcurrency, maxQueue, maxPendingChars, maxWaitMs } = this.limits;
    if (onBusy === 'reject') {
      // A call larger than the whole bound still runs when nothing else is pending, or it could never run.
      if (this.#pendingChars > 0 && this.#pendingChars + chars > maxPendingChars) {
        throw this.#busy(`the embedding provider's pending work is at its bound (${maxPendingChars} characters)`);
      }
      if (this.#running >= maxConcurrency && this.#queue.length >= maxQueue) {
        throw this.#busy(`the embedding provider is at its bound (${maxConcurrency} calls running, ${maxQueue} waiting)`);
      }
    }
    this.#pendingChars += chars;
    if (this.#running < maxConcurrency && this.#queue.length === 0) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { chars, onBusy, start: resolve };
      if (onBusy === 'reject') {
        waiter.timer = setTimeout(() => {
          this.#queue.splice(this.#queue.indexOf(waiter), 1);
          this.#pendingChars -= chars;
          reject(this.#busy(`no embedding provider slot within ${maxWaitMs} ms`));
        }, maxWaitMs);
        waiter.timer.unref();
      }
      this.#queue.push(waiter);
    });
  }

  #next(): void {
    while (this.#running < this.limits.maxConcurrency && this.#queue.length > 0) {
      const waiter = this.#queue.shift() as Waiter;
      clearTimeout(waiter.timer);
      this.#running++;
      waiter.start();
    }
  }

  #busy(reason: string): ProviderBusyError {
    return new ProviderBusyError(`${reason}; retry later`, this.retryAfterSeconds());
  }
}
