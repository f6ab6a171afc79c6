import { Queue } from 'bullmq';
import { EMBEDDING_JOBS_QUEUE, EMBED_TEXTS_JOB, QUEUE_COUNT_ERRORS_METRIC, QUEUE_JOBS_METRIC, bullConnectionFromUrl } from '@rag/embedding-jobs';
import { freePort, spawnApp, startRedisServer, waitFor } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';
import { sampleValue } from './support/create-app';

/** Generous bound on one `/metrics` answer while the queue's Redis is frozen (the budget is 500 ms; one core may be kept busy). */
const SCRAPE_BOUND_MS = 2_000;
const WAITING = 25;
const DELAYED = 3;
const QUEUE_LABEL = `bull:${EMBEDDING_JOBS_QUEUE}`;

async function scrape(app: SpawnedApp): Promise<{ text: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${app.url}/metrics`);
  const text = await res.text();
  expect(res.status).toBe(200);
  return { text, ms: performance.now() - started };
}

/**
 * `embedding_jobs_queue_jobs{queue,state}` against a real queue: rag-api spawned with no job
 * processing (`JOBS_IN_PROCESS=false`, no worker), jobs added with BullMQ; then the queue's Redis
 * frozen (SIGSTOP), where `/metrics` must still answer quickly, keeping the last counts.
 */
describe('queue job counts on /metrics (real BullMQ queue on a private Redis; rag-api spawned)', () => {
  let queueRedis: TestRedisServer;
  let cacheRedis: TestRedisServer;
  let api: SpawnedApp;
  let queue: Queue;

  beforeAll(async () => {
    [queueRedis, cacheRedis] = await Promise.all([startRedisServer(), startRedisServer()]);
    const port = await freePort();
    api = await spawnApp(
      'apps/rag-api/src/main.ts',
      {
        PORT: String(port),
        EMBEDDING_PROVIDER: 'local',
        DATABASE_URL: '',
        JOBS_IN_PROCESS: 'false',
        VECTOR_STORE_PATH: 'memory://',
        LOG_LEVEL: 'warn',
        REDIS_URL: queueRedis.url,
        REDIS_EMBEDDING_CACHE_URL: cacheRedis.url,
      },
      `http://127.0.0.1:${port}/health/live`,
      90_000,
    );
    queue = new Queue(EMBEDDING_JOBS_QUEUE, { connection: bullConnectionFromUrl(queueRedis.url) });
  }, 120_000);

  afterAll(async () => {
    queueRedis.resume();
    await queue?.close();
    api?.kill('SIGKILL');
    await api?.exited;
    await Promise.all([queueRedis?.stop(), cacheRedis?.stop()]);
  });

  it('reports the jobs waiting and delayed while nothing processes them', async () => {
    for (let i = 0; i < WAITING; i += 1) await queue.add(EMBED_TEXTS_JOB, { texts: [`text ${i}`] });
    for (let i = 0; i < DELAYED; i += 1) await queue.add(EMBED_TEXTS_JOB, { texts: [`later ${i}`] }, { delay: 3_600_000 });
    const counts = await queue.getJobCounts('waiting', 'delayed', 'active');
    expect(counts).toEqual({ waiting: WAITING, delayed: DELAYED, active: 0 });

    const { text } = await scrape(api);

    expect(sampleValue(text, QUEUE_JOBS_METRIC, { queue: QUEUE_LABEL, state: 'waiting' })).toBe(counts['waiting']);
    expect(sampleValue(text, QUEUE_JOBS_METRIC, { queue: QUEUE_LABEL, state: 'delayed' })).toBe(counts['delayed']);
    expect(text).toContain(`${QUEUE_JOBS_METRIC}{queue="${QUEUE_LABEL}",state="active"} 0\n`);
  });

  it(`answers /metrics within ${SCRAPE_BOUND_MS} ms while the queue's Redis is frozen, keeping the last counts and counting the misses; fresh again after SIGCONT`, async () => {
    queueRedis.freeze();
    const times: number[] = [];
    let last = '';
    try {
      for (let i = 0; i < 5; i += 1) {
        const { text, ms } = await scrape(api);
        times.push(ms);
        last = text;
      }
    } finally {
      queueRedis.resume();
    }
    process.stdout.write(`queue-metrics: /metrics with the queue Redis frozen: ${times.map((ms) => ms.toFixed(0)).join(', ')} ms\n`);
    expect(Math.max(...times)).toBeLessThan(SCRAPE_BOUND_MS);
    expect(sampleValue(last, QUEUE_JOBS_METRIC, { queue: QUEUE_LABEL, state: 'waiting' })).toBe(WAITING);
    const misses =
      sampleValue(last, QUEUE_COUNT_ERRORS_METRIC, { queue: QUEUE_LABEL, reason: 'timeout' }) +
      sampleValue(last, QUEUE_COUNT_ERRORS_METRIC, { queue: QUEUE_LABEL, reason: 'busy' });
    expect(misses).toBe(times.length);

    await queue.add(EMBED_TEXTS_JOB, { texts: ['after the freeze'] });
    await waitFor(async () => sampleValue((await scrape(api)).text, QUEUE_JOBS_METRIC, { queue: QUEUE_LABEL, state: 'waiting' }) === WAITING + 1, {
      timeoutMs: 10_000,
      intervalMs: 200,
      description: 'the gauge to count the job added after SIGCONT',
    });
  });
});
