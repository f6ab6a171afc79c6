/** Options of `waitFor`. */
export interface WaitForOptions {
  /**
   * Rejects once this many milliseconds have passed without the condition holding.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * Pause between two checks, in milliseconds.
   * @default 20
   */
  intervalMs?: number;
  /**
   * What is awaited, named in the timeout error.
   * @default 'condition'
   */
  description?: string;
}

/**
 * Checks `condition` at once and then every `intervalMs` until it returns (or resolves) true, and
 * resolves the milliseconds that took; rejects after `timeoutMs` with an error naming
 * `description`. The last check runs at the deadline, so a slow interval never misses it. An
 * error thrown by `condition` rejects at once: a broken check is not a check that is still false.
 * Use it instead of a sleep whenever a test waits for something to have happened.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, options: WaitForOptions = {}): Promise<number> {
  const { timeoutMs = 5_000, intervalMs = 20, description = 'condition' } = options;
  const started = performance.now();
  for (;;) {
    if (await condition()) return performance.now() - started;
    const left = timeoutMs - (performance.now() - started);
    if (left <= 0) throw new Error(`${description} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
  }
}
