import { Redis } from 'ioredis';
import { EMBEDDING_JOBS_QUEUE } from '@rag/embedding-jobs';
import { freePort, spawnApp, startRedisServer, waitFor, waitForJob } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';

/** The target of issue #14 is 150 ms; the bound leaves room for a loaded 2-core machine (one core kept busy). */
const POST_BOUND_MS = 500;
const JOB_TEXTS = 100_000;
const CONCURRENT_READS = 100;

interface Timed {
  status: number;
  ms: number;
  retryAfter: string | null;
}

async function timed(url: string, init?: RequestInit): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started, retryAfter: res.headers.get('retry-after') };
}

/** A rag-api spawned as its own process (as `npm start` runs it), PGlite in memory, with `env` over the defaults. */
async function spawnRagApi(env: Record<string, string>): Promise<SpawnedApp> {
  const port = await freePort();
  return spawnApp(
    'apps/rag-api/src/main.ts',
    { PORT: String(port), EMBEDDING_PROVIDER: 'local', DATABASE_URL: '', JOBS_IN_PROCESS: 'true', VECTOR_STORE_PATH: 'memory://', LOG_LEVEL: 'warn', ...env },
    `http://127.0.0.1:${port}/health/live`,
    90_000,
  );
}

async function stopApi(app: SpawnedApp): Promise<void> {
  app.kill('SIGKILL');
  await app.exited;
}

const postJson = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const summarise = (label: string, results: Timed[]): void => {
  const ms = results.map((r) => r.ms).sort((x, y) => x - y);
  process.stdout.write(`queue-fail-open: ${label}: n=${ms.length} median ${ms[Math.floor(ms.length / 2)].toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms\n`);
};

/**
 * The job queue fails open like the cache (issue #14): with its Redis down (refused, or frozen) a
 * `POST /v1/documents` is answered at once (ingested inline: 201) and the `/v1/embedding-jobs`
 * routes answer 503 with `Retry-After` at once, instead of after a 2 s deadline each.
 */
describe('rag-api with the queue Redis down (PGlite, documents ingested inline; rag-api spawned as its own process)', () => {
  let redis: TestRedisServer;
  /** The cache's own Redis, kept healthy: the latencies measured are the queue path's (the cache's fail-open has its own tests). */
  let cacheRedis: TestRedisServer;
  let api: SpawnedApp;
  const spawnApi = (queueUrl: string): Promise<SpawnedApp> => spawnRagApi({ REDIS_URL: queueUrl, REDIS_EMBEDDING_CACHE_URL: cacheRedis.url });

  beforeAll(async () => {
    [redis, cacheRedis] = await Promise.all([startRedisServer(), startRedisServer()]);
    api = await spawnApi(redis.url);
    // Queued while Redis is up: the queue path works.
    const res = await fetch(`${api.url}/v1/documents`, postJson({ id: 'warm', text: 'warm-up document' }));
    expect(res.status).toBe(202);
  }, 120_000);

  afterAll(async () => {
    redis.resume();
    await stopApi(api);
    await Promise.all([redis.stop(), cacheRedis.stop()]);
  });

  it('frozen (SIGSTOP): once the breaker has seen it, POST /v1/documents within the bound (201 inline), embedding-jobs 503', async () => {
    redis.freeze();
    try {
      // The first calls may wait for their deadline: that is how a frozen server is told apart from a slow one.
      const first: Timed[] = [];
      for (let i = 0; i < 4; i += 1) first.push(await timed(`${api.url}/v1/documents`, postJson({ id: `frozen-first-${i}`, text: `early document ${i}` })));
      summarise('Redis frozen, first POSTs (breaker learning)', first);
      const posts: Timed[] = [];
      for (let i = 0; i < 10; i += 1) posts.push(await timed(`${api.url}/v1/documents`, postJson({ id: `frozen-${i}`, text: `document ${i} while Redis is frozen` })));
      const jobs: Timed[] = [];
      for (let i = 0; i < 5; i += 1) jobs.push(await timed(`${api.url}/v1/embedding-jobs/1`));
      summarise('Redis frozen, POST /v1/documents', posts);
      summarise('Redis frozen, GET /v1/embedding-jobs/:id', jobs);
      expect(first.map((p) => p.status)).toEqual(first.map(() => 201));
      expect(posts.map((p) => p.status)).toEqual(posts.map(() => 201));
      expect(jobs.map((j) => j.status)).toEqual(jobs.map(() => 503));
      expect(Math.max(...posts.map((p) => p.ms))).toBeLessThanOrEqual(POST_BOUND_MS);
      expect(Math.max(...jobs.map((j) => j.ms))).toBeLessThanOrEqual(POST_BOUND_MS);
    } finally {
      redis.resume();
    }
  }, 60_000);

  it('refused: every POST /v1/documents within the bound (201 inline), embedding-jobs routes 503 + Retry-After within the bound', async () => {
    await redis.kill();
    const posts: Timed[] = [];
    for (let i = 0; i < 10; i += 1) posts.push(await timed(`${api.url}/v1/documents`, postJson({ id: `refused-${i}`, text: `document ${i} while Redis is down` })));
    const jobs: Timed[] = [];
    for (let i = 0; i < 5; i += 1) {
      jobs.push(await timed(`${api.url}/v1/embedding-jobs`, postJson({ texts: ['a'] })));
      jobs.push(await timed(`${api.url}/v1/embedding-jobs/1`));
    }
    summarise('Redis refused, POST /v1/documents', posts);
    summarise('Redis refused, /v1/embedding-jobs', jobs);
    expect(posts.map((p) => p.status)).toEqual(posts.map(() => 201));
    expect(jobs.map((j) => j.status)).toEqual(jobs.map(() => 503));
    expect(jobs.every((j) => Number(j.retryAfter) >= 1)).toBe(true);
    expect(Math.max(...posts.map((p) => p.ms))).toBeLessThanOrEqual(POST_BOUND_MS);
    expect(Math.max(...jobs.map((j) => j.ms))).toBeLessThanOrEqual(POST_BOUND_MS);

    await redis.restart();
    // Back: the queue path is taken again once the connection is ready and the breaker closed.
    await waitFor(async () => (await fetch(`${api.url}/v1/documents`, postJson({ id: 'back', text: 'queued again' }))).status === 202, {
      timeoutMs: 15_000,
      description: 'a POST queued again after Redis came back',
    });
  }, 60_000);

  it('down since boot (connection refused at once): POST /v1/documents within the bound (201 inline), embedding-jobs 503', async () => {
    const port = redis.port;
    await redis.kill();
    const down = await spawnApi(`redis://127.0.0.1:${port}`);
    try {
      // Not measured: a fresh process's first ingestion creates the collection and warms the JIT (up to ~750 ms on a loaded machine), whatever the queue.
      expect((await timed(`${down.url}/v1/documents`, postJson({ id: 'boot-warm-up', text: 'first document of this process' }))).status).toBe(201);
      const posts: Timed[] = [];
      for (let i = 0; i < 10; i += 1) posts.push(await timed(`${down.url}/v1/documents`, postJson({ id: `boot-${i}`, text: `document ${i}, Redis down since boot` })));
      const jobs: Timed[] = [];
      for (let i = 0; i < 5; i += 1) jobs.push(await timed(`${down.url}/v1/embedding-jobs/1`));
      summarise('Redis down since boot, POST /v1/documents', posts);
      summarise('Redis down since boot, GET /v1/embedding-jobs/:id', jobs);
      expect(posts.map((p) => p.status)).toEqual(posts.map(() => 201));
      expect(jobs.map((j) => j.status)).toEqual(jobs.map(() => 503));
      expect(Math.max(...posts.map((p) => p.ms))).toBeLessThanOrEqual(POST_BOUND_MS);
      expect(Math.max(...jobs.map((j) => j.ms))).toBeLessThanOrEqual(POST_BOUND_MS);
    } finally {
      await stopApi(down);
      await redis.restart();
    }
  }, 120_000);
});

/**
 * Job status reads are O(1) in the job's size, on a connection of their own (issue #14: 100
 * concurrent reads of a 100,000-text job gave 75 × 503 after 2.2 s: each loaded the 9.6 MB payload
 * to count its texts, on the connection `queue.add` uses); completed jobs keep only their summary.
 */
describe('job status reads and retention (real Redis, BullMQ; rag-api spawned)', () => {
  let redis: TestRedisServer;
  let raw: Redis;

  beforeAll(async () => {
    redis = await startRedisServer();
    raw = new Redis(redis.url);
  });

  afterAll(async () => {
    raw.disconnect();
    await redis.stop();
  });

  it(`${CONCURRENT_READS} concurrent GET /v1/embedding-jobs/:id of a ${JOB_TEXTS}-text job all answer 200 with its total`, async () => {
    // Nobody processes the job here (no in-process processor), so it stays waiting with its payload.
    const api = await spawnRagApi({ REDIS_URL: redis.url, JOBS_IN_PROCESS: 'false' });
    try {
      const texts = Array.from({ length: JOB_TEXTS }, (_, i) => `text number ${i} of the large job, padded to about ninety characters with words ${i % 97}`);
      const created = await fetch(`${api.url}/v1/embedding-jobs`, postJson({ texts }));
      expect(created.status).toBe(202);
      const { id } = (await created.json()) as { id: string };
      const payload = await raw.hstrlen(`bull:${EMBEDDING_JOBS_QUEUE}:${id}`, 'data');
      process.stdout.write(`queue-fail-open: ${JOB_TEXTS}-text job payload ${payload} bytes\n`);

      const reads = await Promise.all(Array.from({ length: CONCURRENT_READS }, () => timed(`${api.url}/v1/embedding-jobs/${id}`)));
      summarise(`${CONCURRENT_READS} concurrent status reads`, reads);
      expect(reads.map((r) => r.status)).toEqual(reads.map(() => 200));
      const job = (await (await fetch(`${api.url}/v1/embedding-jobs/${id}`)).json()) as { state: string; total: number; progress: number };
      expect(job).toMatchObject({ state: 'waiting', total: JOB_TEXTS, progress: 0 });
    } finally {
      await stopApi(api);
    }
  }, 120_000);

  it('a completed job keeps its summary, not its texts: the job hash shrinks to a few hundred bytes', async () => {
    const api = await spawnRagApi({ REDIS_URL: redis.url });
    try {
      const texts = Array.from({ length: 2_000 }, (_, i) => `retention text ${i}, long enough to weigh something in the job hash`);
      const created = await fetch(`${api.url}/v1/embedding-jobs`, postJson({ texts }));
      expect(created.status).toBe(202);
      const { id } = (await created.json()) as { id: string };
      const key = `bull:${EMBEDDING_JOBS_QUEUE}:${id}`;
      const before = Number(await raw.memory('USAGE', key, 'SAMPLES', 0));
      await waitForJob(api.url, id, 60_000);
      // The payload is dropped right after completion, by the process that completed it.
      await waitFor(async () => (await raw.hstrlen(key, 'data')) < 1_000, { timeoutMs: 5_000, description: 'the payload dropped' });
      const after = Number(await raw.memory('USAGE', key, 'SAMPLES', 0));
      process.stdout.write(`queue-fail-open: job hash of 2000 texts: ${before} bytes before completion, ${after} after\n`);
      expect(await raw.hget(key, 'data')).not.toContain('retention text');
      expect(after).toBeLessThan(before / 10);

      const job = (await (await fetch(`${api.url}/v1/embedding-jobs/${id}`)).json()) as { state: string; total: number; progress: number; summary: { total: number } };
      expect(job).toMatchObject({ state: 'completed', total: 2_000, progress: 100, summary: { total: 2_000 } });
    } finally {
      await stopApi(api);
    }
  }, 120_000);

  it('a completed document job keeps its summary, not the document text', async () => {
    const api = await spawnRagApi({ REDIS_URL: redis.url });
    try {
      const text = 'A document whose text must not stay in Redis once it is ingested. '.repeat(200);
      const created = await fetch(`${api.url}/v1/documents`, postJson({ id: 'kept-short', text }));
      expect(created.status).toBe(202);
      const { jobId } = (await created.json()) as { jobId: string };
      const job = await waitForJob(api.url, jobId, 60_000);
      expect(job).toMatchObject({ state: 'completed' });
      const keys = await raw.keys(`bull:*:${EMBEDDING_JOBS_QUEUE}:${jobId}`);
      expect(keys).toHaveLength(1);
      await waitFor(async () => (await raw.hstrlen(keys[0], 'data')) < 1_000, { timeoutMs: 5_000, description: 'the document text dropped' });
      const read = (await (await fetch(`${api.url}/v1/embedding-jobs/${jobId}`)).json()) as { total: number; summary: { outcome: string; chunks: number } };
      expect(read.summary.outcome).toBe('ingested');
      expect(read.total).toBe(read.summary.chunks);
    } finally {
      await stopApi(api);
    }
  }, 120_000);
});
