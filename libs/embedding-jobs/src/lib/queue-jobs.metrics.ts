import { Counter, Gauge, register as globalRegistry } from 'prom-client';
import type { Registry } from 'prom-client';
import type { JobType } from 'bullmq';
import { DeadlineExceededError, withDeadline } from '@rag/config-kit';

/** Gauge of a queue's jobs by state, sampled on scrape. */
export const QUEUE_JOBS_METRIC = 'embedding_jobs_queue_jobs';
/** Counter of scrapes that could not count a queue's jobs, by reason (`timeout`, `busy`, `error`). */
export const QUEUE_COUNT_ERRORS_METRIC = 'embedding_jobs_queue_count_errors_total';
/** The states counted (BullMQ's `getJobCounts` types). */
export const QUEUE_JOB_STATES: readonly JobType[] = ['waiting', 'prioritized', 'waiting-children', 'active', 'delayed', 'failed', 'completed'];
/** Longest wait of a scrape for the queue's Redis to count the jobs. */
export const QUEUE_COUNT_TIMEOUT_MS = 500;

/** What the sampler needs of a BullMQ `Queue`. */
export interface CountableQueue {
  /** `<prefix>:<name>`, the `queue` label. */
  readonly qualifiedName: string;
  getJobCounts(...types: JobType[]): Promise<Record<string, number>>;
}

/**
 * Sets `embedding_jobs_queue_jobs{queue,state}` from `getJobCounts`, one call per queue (a
 * pipeline of one `LLEN`/`ZCARD` per state: O(1) on Redis), bounded by `timeoutMs`. Fail-open: when
 * the queue's Redis is down, slow or frozen, the scrape goes on without it, the gauge keeps its last
 * values (so an alert's `for` is not reset by one slow scrape) and `…_count_errors_total{reason}`
 * counts the miss. While a queue's call is still pending (frozen Redis), later scrapes do not add
 * calls behind it (`reason="busy"`).
 */
export class QueueJobsSampler {
  private readonly pending = new WeakMap<CountableQueue, Promise<unknown>>();

  constructor(
    private readonly gauge: Gauge<'queue' | 'state'>,
    private readonly errors: Counter<'queue' | 'reason'>,
    private readonly timeoutMs = QUEUE_COUNT_TIMEOUT_MS,
  ) {}

  /** Samples every queue in parallel; never throws. */
  async sample(queues: readonly CountableQueue[]): Promise<void> {
    await Promise.all(queues.map((queue) => this.sampleOne(queue)));
  }

  private async sampleOne(queue: CountableQueue): Promise<void> {
    const label = queue.qualifiedName;
    if (this.pending.has(queue)) {
      this.errors.inc({ queue: label, reason: 'busy' });
      return;
    }
    let call: Promise<Record<string, number>>;
    try {
      call = queue.getJobCounts(...QUEUE_JOB_STATES);
    } catch (error) {
      call = Promise.reject(error);
    }
    this.pending.set(queue, call);
    const clear = (): void => void this.pending.delete(queue);
    call.then(clear, clear);
    try {
      const counts = await withDeadline(call, this.timeoutMs, 'The queue Redis');
      for (const state of QUEUE_JOB_STATES) this.gauge.set({ queue: label, state }, counts[state] ?? 0);
    } catch (error) {
      this.errors.inc({ queue: label, reason: error instanceof DeadlineExceededError ? 'timeout' : 'error' });
    }
  }
}

/** A function returning queues to count on each scrape. */
export type QueueSource = () => readonly CountableQueue[];

/**
 * The gauge and its error counter on `registry`, sampling `sources()` on each scrape. Exported for
 * the unit tests; the apps use `countQueueJobsOnScrape`.
 */
export function createQueueJobsMetrics(sources: () => Iterable<QueueSource>, registry: Registry, timeoutMs = QUEUE_COUNT_TIMEOUT_MS) {
  const errors = new Counter({
    name: QUEUE_COUNT_ERRORS_METRIC,
    help: 'Scrapes that could not count a queue’s jobs within the budget, by reason (timeout, busy: the previous count still pending, error)',
    labelNames: ['queue', 'reason'],
    registers: [registry],
  });
  const gauge: Gauge<'queue' | 'state'> = new Gauge({
    name: QUEUE_JOBS_METRIC,
    help: `Jobs of a queue by state, counted on scrape (kept from the last success when the queue's Redis does not answer within ${timeoutMs} ms)`,
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      await sampler.sample([...sources()].flatMap((source) => source()));
    },
  });
  // `collect` runs on scrapes only, after this line.
  const sampler = new QueueJobsSampler(gauge, errors, timeoutMs);
  return { gauge, errors, sampler };
}

const sources = new Set<QueueSource>();

/**
 * Counts the jobs of `source()`'s queues on each scrape of prom-client's global registry (the
 * apps' `/metrics`) as `embedding_jobs_queue_jobs{queue,state}`. Returns the function that stops
 * counting them (at module destroy: tests build several apps in one process).
 */
export function countQueueJobsOnScrape(source: QueueSource): () => void {
  if (globalRegistry.getSingleMetric(QUEUE_JOBS_METRIC) === undefined) createQueueJobsMetrics(() => sources, globalRegistry);
  sources.add(source);
  return () => void sources.delete(source);
}
