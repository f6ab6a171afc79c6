/** Runs `fn` and resolves its value with the elapsed milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** Collects unhandled rejections while installed; `assertNone` fails the test if any arrived. */
export class UnhandledRejections {
  private readonly seen: unknown[] = [];
  private readonly onRejection = (reason: unknown): void => void this.seen.push(reason);

  install(): void {
    process.on('unhandledRejection', this.onRejection);
  }

  uninstall(): void {
    process.off('unhandledRejection', this.onRejection);
  }

  assertNone(): void {
    expect(this.seen).toEqual([]);
  }
}

/** Percentile (0-100) of `values`, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Sleeps `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
