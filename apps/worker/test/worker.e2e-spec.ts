// Over 250 lines on purpose: the worker's whole job life cycle (progress, retries with backoff,
// shutdown, health, metrics) against one Redis and one fake provider, shared by every case.
import { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { EmbeddingJobData, EmbeddingJobSummary } from '@rag/embedding-jobs';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { freePort, spawnApp, startRedisServer, waitForJob } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';
import { addJob, openQueue, startWorker } from './support/fleet';

const MODEL = 'text-embedding-3-small';

/** Resolves once the job is active and has finished at least one batch. */
async function waitForProgress(queue: Queue<EmbeddingJobData, EmbeddingJobSummary>, id: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const job = await queue.getJob(id);
    if (job && typeof job.progress === 'number' && job.progress > 0 && (await job.getState()) === 'active') return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`job ${id} made no progress within 30 s`);
}

/**
 * When each attempt of job `id` started, in ms: the ids of its `active` entries in the queue's
 * event stream, which Redis stamps with its own clock as BullMQ moves the job to active.
 */
async function attemptStarts(redisUrl: string, queue: Queue<EmbeddingJobData, EmbeddingJobSummary>, id: string): Promise<number[]> {
  const raw = new Redis(redisUrl);
  try {
    const entries = await raw.xrange(queue.keys['events'], '-', '+');
    return entries
      .filter(([, fields]) => {
        const event = new Map<string, string>();
        for (let i = 0; i + 1 < fields.length; i += 2) event.set(fields[i], fields[i + 1]);
        return event.get('event') === 'active' && event.get('jobId') === id;
      })
      .map(([entryId]) => Number(entryId.split('-')[0]));
  } finally {
    raw.disconnect();
  }
}

/** Milliseconds between consecutive values. */
function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((time, i) => time - times[i]);
}

function texts(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix} ${i}`);
}

/** `POST /v1/embedding-jobs` on a running rag-api. */
function postJob(apiUrl: string, body: unknown): Promise<Response> {
  return fetch(`${apiUrl}/v1/embedding-jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('apps/worker with real BullMQ and a real redis-server', () => {
  let redis: TestRedisServer;
  let fake: FakeOpenAIServer;

  const providerEnv = (): Record<string, string> => ({
    REDIS_URL: redis.url,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.baseURL,
    EMBEDDING_MODEL: MODEL,
    EMBEDDING_DIMENSIONS: '64',
  });

  beforeAll(async () => {
    redis = await startRedisServer();
    fake = await FakeOpenAIServer.start({ dimensions: 64 });
  });

  afterAll(async () => {
    await fake.close();
    await redis.stop();
  });

  beforeEach(async () => {
    fake.reset();
    fake.latencyMs = 0;
    const raw = new Redis(redis.url);
    await raw.flushall();
    raw.disconnect();
  });

  /** rag-api as its own process, leaving the jobs to the workers under test (no in-process processor). */
  const startApi = async (): Promise<SpawnedApp> => {
    const apiPort = await freePort();
    const apiEnv = { ...providerEnv(), PORT: String(apiPort), JOBS_IN_PROCESS: 'false', VECTOR_STORE_PATH: 'memory://' };
    return spawnApp('apps/rag-api/src/main.ts', apiEnv, `http://127.0.0.1:${apiPort}/health/live`);
  };

  it('a job submitted through the API is processed by a worker started in the test; summary and cache are right', async () => {
    const api = await startApi();
    const worker = await startWorker(providerEnv());
    try {
      const jobTexts = [...texts('api job', 300), 'api job 0'];
      const created = await postJob(api.url, { texts: jobTexts, model: MODEL });
      expect(created.status).toBe(202);
      const { id } = (await created.json()) as { id: string };

      const job = await waitForJob(api.url, id);
      expect(job).toMatchObject({ state: 'completed', progress: 100, summary: { total: 301, hits: 1, computed: 300, failed: 0 } });
      // 'api job 0' comes again in the second batch of 256, answered by the cache the first batch filled.
      expect(fake.inputCount).toBe(300);

      const raw = new Redis(redis.url);
      const keys = await raw.keys('embedding_cache:*');
      raw.disconnect();
      expect(keys.filter((k) => /^embedding_cache:[0-9a-f]{64}$/.test(k))).toHaveLength(300);

      // The API now answers these texts from the cache the worker filled.
      const hit = await fetch(`${api.url}/v1/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: ['api job 7', 'api job 299'] }),
      });
      expect(hit.headers.get('x-embedding-cache')).toBe('hits=2; misses=0');

      expect((await fetch(`${api.url}/v1/embedding-jobs/does-not-exist`)).status).toBe(404);
      const bad = await postJob(api.url, { texts: ['ok', ''] });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toBe('texts[1] must not be an empty string');
      for (const [body, message] of [
        [{}, /texts is required/],
        [{ texts: 'one string' }, /texts must be an array of strings/],
        [{ texts: Array.from({ length: 100_001 }, () => 'a') }, /at most 100000 items/],
        [{ texts: ['ok'], model: 'gpt-nope' }, /model "gpt-nope" is not available/],
      ] as const) {
        const rejected = await postJob(api.url, body);
        expect(rejected.status).toBe(400);
        expect(((await rejected.json()) as { error: { message: string } }).error.message).toMatch(message);
      }

      const metrics = await (await fetch(`${worker.url}/metrics`)).text();
      expect(metrics).toMatch(/embedding_jobs_total\{outcome="completed",name="embed-texts"\} 1/);
      expect(metrics).toMatch(/embedding_cache_requests_total\{result="miss"\} 300/);
      // Provider calls are counted as in rag-api (the one CachedEmbedder): 300 texts in 2 batches.
      expect(metrics).toMatch(/embedding_provider_texts_total\{model="text-embedding-3-small"\} 300/);
      expect(metrics).toMatch(/embedding_provider_requests_total\{model="text-embedding-3-small",outcome="ok"\} 2/);
      expect(metrics).toMatch(/embedding_provider_duration_seconds_count\{model="text-embedding-3-small"\} 2/);
      const health = await fetch(`${worker.url}/health`);
      expect(health.status).toBe(200);
    } finally {
      worker.kill();
      api.kill();
      await Promise.all([worker.exited, api.exited]);
    }
  });

  it('SIGTERM: the in-flight job completes, no new job is taken, and the process exits 0', async () => {
    fake.latencyMs = 150;
    const worker = await startWorker({ ...providerEnv(), EMBEDDING_BATCH_SIZE: '10', WORKER_CONCURRENCY: '1' });
    const { queue, close } = openQueue(redis.url);
    try {
      const job = await addJob(queue, texts('sigterm', 60));
      await waitForProgress(queue, job.id as string);
      worker.kill('SIGTERM');
      // Queued after the signal, while the first job is still running: the stopping worker must leave it.
      const later = await addJob(queue, texts('after sigterm', 5));
      await expect(worker.exited).resolves.toBe(0);
      const finished = await queue.getJob(job.id as string);
      expect(await finished?.getState()).toBe('completed');
      expect(finished?.returnvalue).toEqual({ total: 60, hits: 0, computed: 60, failed: 0 });
      expect(await (await queue.getJob(later.id as string))?.getState()).toBe('waiting');
      expect(fake.embeddedTexts.some((text) => text.startsWith('after sigterm'))).toBe(false);
    } finally {
      worker.kill();
      await close();
    }
  });

  it('a worker killed with SIGKILL mid-job: another worker retries the job and it completes; no job is lost', async () => {
    fake.latencyMs = 100;
    const env = { ...providerEnv(), EMBEDDING_BATCH_SIZE: '10', WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };
    const doomed = await startWorker(env);
    const { queue, events, close } = openQueue(redis.url);
    let survivor: SpawnedApp | undefined;
    try {
      const job = await addJob(queue, texts('sigkill', 100));
      await waitForProgress(queue, job.id as string);
      doomed.kill('SIGKILL');
      await doomed.exited;
      const doneBefore = fake.inputCount;
      expect(doneBefore).toBeGreaterThan(0);
      expect(doneBefore).toBeLessThan(100);

      survivor = await startWorker(env);
      const summary = await job.waitUntilFinished(events, 30_000);
      expect(summary.total).toBe(100);
      expect(summary.hits + summary.computed).toBe(100);
      expect(summary.hits).toBeGreaterThan(0);
      expect(await (await queue.getJob(job.id as string))?.getState()).toBe('completed');
      expect(new Set(fake.embeddedTexts).size).toBe(100);
    } finally {
      doomed.kill();
      survivor?.kill();
      await close();
    }
  });

  it('a provider failure is retried with exponential backoff (1 s, 2 s); a job failing 3 times is kept, readable through the API', async () => {
    const api = await startApi();
    // No retries inside the SDK: every failed request fails the attempt, so BullMQ's retries show.
    const worker = await startWorker({ ...providerEnv(), OPENAI_MAX_RETRIES: '0' });
    const { queue, close } = openQueue(redis.url);
    const submit = async (jobTexts: string[]): Promise<string> => {
      const created = await postJob(api.url, { texts: jobTexts });
      expect(created.status).toBe(202);
      return ((await created.json()) as { id: string }).id;
    };
    try {
      fake.failNext({ status: 500, message: 'upstream hiccup' }, 1);
      const recovered = await submit(texts('retried', 10));
      expect(await waitForJob(api.url, recovered)).toMatchObject({
        state: 'completed',
        attemptsMade: 2,
        summary: { total: 10, hits: 0, computed: 10, failed: 0 },
      });
      // The second attempt started after the first backoff step (1 s).
      const [firstStep] = gaps(await attemptStarts(redis.url, queue, recovered));
      expect(firstStep).toBeGreaterThanOrEqual(1_000);

      fake.failNext({ status: 500, message: 'upstream down for good at db-primary.internal:5432' }, 3);
      const doomed = await submit(texts('doomed', 10));
      const failed = await waitForJob(api.url, doomed);
      // The provider's body (here naming a database host) stays in the worker's log; the client reads the status only.
      expect(failed).toMatchObject({ state: 'failed', attemptsMade: 3, failedReason: 'the embedding provider failed with HTTP 500' });
      expect(JSON.stringify(failed)).not.toContain('db-primary.internal');
      expect(worker.output()).toContain('upstream down for good at db-primary.internal:5432');
      const kept = await queue.getJob(doomed);
      expect(kept?.stacktrace).toHaveLength(3);
      // Three attempts, 1 s and then 2 s apart: each step measured, the second about twice the first
      // (a fixed 1 s backoff fails the 2 s bound; a fixed 2 s one, the difference).
      const steps = gaps(await attemptStarts(redis.url, queue, doomed));
      expect(steps).toHaveLength(2);
      expect(steps[0]).toBeGreaterThanOrEqual(1_000);
      expect(steps[1]).toBeGreaterThanOrEqual(2_000);
      expect(steps[1] - steps[0]).toBeGreaterThanOrEqual(500);
      expect(fake.requestCount).toBe(5);
      // Kept for inspection: the job carries removeOnFail false, so nothing removes it by age or count.
      expect(kept?.opts.removeOnFail).toBe(false);
      expect(await (await fetch(`${api.url}/v1/embedding-jobs/${doomed}`)).json()).toMatchObject({ state: 'failed', attemptsMade: 3 });
    } finally {
      worker.kill();
      api.kill();
      await Promise.all([worker.exited, api.exited]);
      await close();
    }
  });

  it('Redis down for the cache but up for the queue (separate URLs): jobs complete uncached', async () => {
    const deadPort = await freePort();
    const worker = await startWorker({
      ...providerEnv(),
      REDIS_EMBEDDING_CACHE_URL: `redis://127.0.0.1:${deadPort}`,
      REDIS_EMBEDDING_CACHE_L1_MAX_MB: '0',
    });
    const { queue, events, close } = openQueue(redis.url);
    try {
      const first = await (await addJob(queue, texts('uncached', 20))).waitUntilFinished(events, 30_000);
      const second = await (await addJob(queue, texts('uncached', 20))).waitUntilFinished(events, 30_000);
      expect(first).toEqual({ total: 20, hits: 0, computed: 20, failed: 0 });
      expect(second).toEqual({ total: 20, hits: 0, computed: 20, failed: 0 });
      expect(fake.inputCount).toBe(40);
      const health = await fetch(`${worker.url}/health`);
      expect(health.status).toBe(503);
      const ready = await fetch(`${worker.url}/health/ready`);
      expect(ready.status).toBe(200);
    } finally {
      worker.kill();
      await close();
    }
  });
});
