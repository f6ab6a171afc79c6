import { Redis } from 'ioredis';
import { EMBEDDING_CACHE_DEFAULTS, buildCacheKey } from '@rag/embedding-cache';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { startRedisServer, waitFor } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';
import { addJob, openQueue, startWorker } from './support/fleet';

/** The cache model id of text-embedding-3-small at 64 dims (`cacheModelId`: a size other than the native 1536). */
const CACHE_MODEL = 'text-embedding-3-small@64';

describe('worker (its own process) with a provider answering invalid vectors', () => {
  let redis: TestRedisServer;
  let fake: FakeOpenAIServer;
  let worker: SpawnedApp;

  beforeAll(async () => {
    redis = await startRedisServer();
    fake = await FakeOpenAIServer.start({ dimensions: 64 });
    worker = await startWorker({
      REDIS_URL: redis.url,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.baseURL,
      EMBEDDING_MODEL: 'text-embedding-3-small',
      EMBEDDING_DIMENSIONS: '64',
    });
  }, 90_000);

  afterAll(async () => {
    worker?.kill('SIGTERM');
    await worker?.exited;
    await fake.close();
    await redis.stop();
  });

  it('a job the provider answers validly completes and caches under the key these tests check', async () => {
    fake.reset();
    const { queue, events, close } = openQueue(redis.url);
    const raw = new Redis(redis.url);
    try {
      const job = await addJob(queue, ['control text']);
      await expect(job.waitUntilFinished(events, 30_000)).resolves.toMatchObject({ computed: 1 });
      await expect(raw.exists(buildCacheKey(EMBEDDING_CACHE_DEFAULTS.prefix, CACHE_MODEL, 'control text'))).resolves.toBe(1);
    } finally {
      raw.disconnect();
      await close();
    }
  });

  it.each([
    ['nan', 'returned an invalid vector: vector 1 holds NaN at element 0'],
    ['zeros', 'returned an invalid vector: vector 1 is all zeros'],
    ['wrong-dims', 'returned 63-dimensional vectors, expected 64'],
  ] as const)('a job whose provider answers %s fails after its 3 attempts, the reason summarised in failedReason and in full in the log, caching nothing', async (corruption, reason) => {
    fake.reset();
    fake.corruptNext(corruption, 3);
    const { queue, close } = openQueue(redis.url);
    const raw = new Redis(redis.url);
    try {
      const texts = [`first ${corruption}`, `second ${corruption}`];
      const job = await addJob(queue, texts);

      await waitFor(async () => (await queue.getJob(job.id as string))?.failedReason !== undefined && (await job.isFailed()), {
        timeoutMs: 30_000,
        intervalMs: 100,
        description: 'the job to fail after its attempts',
      });

      const failed = await queue.getJob(job.id as string);
      expect(failed?.attemptsMade).toBe(3);
      // failedReason reaches clients (GET /v1/embedding-jobs/:id): the summary; what was wrong goes to the worker's log.
      expect(failed?.failedReason).toBe('the embedding provider returned an invalid vector');
      expect(worker.output()).toContain(reason);
      expect(fake.requestCount).toBe(3);
      for (const text of texts) await expect(raw.exists(buildCacheKey(EMBEDDING_CACHE_DEFAULTS.prefix, CACHE_MODEL, text))).resolves.toBe(0);
    } finally {
      raw.disconnect();
      await close();
    }
  });
});
