/** Options of `runLoad`. */
export interface LoadOptions {
  /** URL to POST JSON to. */
  url: string;
  /** Total number of requests. */
  requests: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Body of request `i`. */
  body: (i: number) => unknown;
  /** Name of the phase, for the summary. */
  label: string;
}

/** Latencies and outcomes of one load phase. */
export interface LoadResult {
  readonly label: string;
  readonly completed: number;
  readonly non2xx: number;
  /** Transport errors (no HTTP response at all). */
  readonly errors: string[];
  readonly latenciesMs: number[];
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  summary(): string;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Sends a fixed number of JSON POSTs with a fixed concurrency (closed loop: each of the
 * `concurrency` lanes sends its next request when the previous one is answered) and records
 * each request's latency and status.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const errors: string[] = [];
  let non2xx = 0;
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < options.requests; i = next++) {
      const started = performance.now();
      try {
        const res = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(options.body(i)),
        });
        await res.arrayBuffer();
        if (res.status < 200 || res.status > 299) non2xx += 1;
      } catch (error) {
        errors.push((error as Error).message);
      }
      latenciesMs.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const result = {
    label: options.label,
    completed: latenciesMs.length - errors.length,
    non2xx,
    errors,
    latenciesMs,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
  };
  return {
    ...result,
    summary: () =>
      `${result.label}: ${options.requests} requests × ${options.concurrency} concurrent: ` +
      `non-2xx ${non2xx}, errors ${errors.length}, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`,
  };
}
