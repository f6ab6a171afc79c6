import { Registry } from 'prom-client';
import { QUEUE_COUNT_ERRORS_METRIC, QUEUE_JOBS_METRIC, QUEUE_JOB_STATES, createQueueJobsMetrics } from './queue-jobs.metrics';
import type { CountableQueue, QueueSource } from './queue-jobs.metrics';

/** A queue whose `getJobCounts` answers `answer()` (a promise the test controls). */
function fakeQueue(qualifiedName: string, answer: () => Promise<Record<string, number>>): CountableQueue & { calls: number } {
  const queue = {
    qualifiedName,
    calls: 0,
    getJobCounts: () => {
      queue.calls += 1;
      return answer();
    },
  };
  return queue;
}

async function values(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric(name)!.get();
  return Object.fromEntries(metric.values.map((v) => [Object.values(v.labels).join('/'), v.value]));
}

describe('queue job counts on scrape', () => {
  let registry: Registry;
  let sources: Set<QueueSource>;

  beforeEach(() => {
    registry = new Registry();
    sources = new Set();
  });

  it('sets one gauge value per state from getJobCounts, missing states as 0', async () => {
    createQueueJobsMetrics(() => sources, registry, 100);
    sources.add(() => [fakeQueue('bull:q', async () => ({ waiting: 7, active: 2, failed: 1 }))]);
    const gauge = await values(registry, QUEUE_JOBS_METRIC);
    expect(gauge).toEqual(Object.fromEntries(QUEUE_JOB_STATES.map((s) => [`bull:q/${s}`, { waiting: 7, active: 2, failed: 1 }[s as string] ?? 0])));
  });

  it('answers within its budget when the queue never answers, keeps the last values and counts a timeout, then busy while the call is pending', async () => {
    createQueueJobsMetrics(() => sources, registry, 50);
    let frozen = false;
    const queue = fakeQueue('bull:q', () => (frozen ? new Promise(() => undefined) : Promise.resolve({ waiting: 3 })));
    sources.add(() => [queue]);
    await registry.metrics();
    frozen = true;
    const started = performance.now();
    const text = await registry.metrics();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(text).toContain(`${QUEUE_JOBS_METRIC}{queue="bull:q",state="waiting"} 3`);
    await registry.metrics();
    expect(queue.calls).toBe(2);
    expect(await values(registry, QUEUE_COUNT_ERRORS_METRIC)).toEqual({ 'bull:q/timeout': 1, 'bull:q/busy': 1 });
  });

  it('counts a rejected or throwing call as an error and never throws', async () => {
    createQueueJobsMetrics(() => sources, registry, 100);
    sources.add(() => [
      fakeQueue('bull:a', () => Promise.reject(new Error('Connection is closed.'))),
      {
        qualifiedName: 'bull:b',
        getJobCounts: () => {
          throw new Error('sync');
        },
      },
    ]);
    await expect(registry.metrics()).resolves.toContain(QUEUE_JOBS_METRIC);
    expect(await values(registry, QUEUE_COUNT_ERRORS_METRIC)).toEqual({ 'bull:a/error': 1, 'bull:b/error': 1 });
  });

  it('samples the queues of every source, and no longer those of a removed source', async () => {
    createQueueJobsMetrics(() => sources, registry, 100);
    const a = fakeQueue('bull:a', async () => ({ waiting: 1 }));
    const b = fakeQueue('store:b', async () => ({ waiting: 2 }));
    const sourceB: QueueSource = () => [b];
    sources.add(() => [a]).add(sourceB);
    await registry.metrics();
    sources.delete(sourceB);
    await registry.metrics();
    expect([a.calls, b.calls]).toEqual([2, 1]);
  });
});
