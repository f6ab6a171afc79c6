import { Redis } from 'ioredis';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { startRedisServer } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';
import { EMBEDDING_JOB_OPTIONS, EMBED_TEXTS_JOB } from '@rag/embedding-jobs';
import { openQueue, startWorker } from './support/fleet';

const WORKERS = 4;
const JOBS = 8;
const SHARED = 100;
const OWN = 100;

/** Job j: the same 100 shared texts, then 100 of its own: 50 % overlap across jobs. */
function jobTexts(j: number): string[] {
  return [
    ...Array.from({ length: SHARED }, (_, i) => `shared text ${i}`),
    ...Array.from({ length: OWN }, (_, i) => `job ${j} own text ${i}`),
  ];
}

interface FleetRun {
  providerInputs: number;
  uniqueTexts: number;
  maxCallsPerText: number;
  summaries: Array<{ total: number; hits: number; computed: number; failed: number }>;
}

async function runFleet(redis: TestRedisServer, fake: FakeOpenAIServer, lockEnabled: boolean): Promise<FleetRun> {
  const raw = new Redis(redis.url);
  await raw.flushall();
  raw.disconnect();
  fake.reset();
  const env = {
    REDIS_URL: redis.url,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.baseURL,
    EMBEDDING_MODEL: 'text-embedding-3-small',
    EMBEDDING_DIMENSIONS: '64',
    EMBEDDING_BATCH_SIZE: '50',
    WORKER_CONCURRENCY: '2',
    REDIS_EMBEDDING_CACHE_LOCK_ENABLED: String(lockEnabled),
  };
  const workers: SpawnedApp[] = await Promise.all(Array.from({ length: WORKERS }, () => startWorker(env)));
  const { queue, events, close } = openQueue(redis.url);
  try {
    const jobs = await queue.addBulk(
      Array.from({ length: JOBS }, (_, j) => ({ name: EMBED_TEXTS_JOB, data: { texts: jobTexts(j) }, opts: EMBEDDING_JOB_OPTIONS })),
    );
    const summaries = await Promise.all(jobs.map((job) => job.waitUntilFinished(events, 60_000)));
    const perText = new Map<string, number>();
    for (const text of fake.embeddedTexts) perText.set(text, (perText.get(text) ?? 0) + 1);
    return {
      providerInputs: fake.inputCount,
      uniqueTexts: perText.size,
      maxCallsPerText: Math.max(...perText.values()),
      summaries,
    };
  } finally {
    workers.forEach((worker) => worker.kill('SIGKILL'));
    await Promise.all(workers.map((worker) => worker.exited));
    await close();
  }
}

describe(`fleet: ${WORKERS} worker processes, ${JOBS} jobs overlapping 50 %, a counting provider on loopback`, () => {
  let redis: TestRedisServer;
  let fake: FakeOpenAIServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    // Provider latency makes jobs meet the same new texts at the same moment.
    fake = await FakeOpenAIServer.start({ dimensions: 64, latencyMs: 150 });
  });

  afterAll(async () => {
    await fake.close();
    await redis.stop();
  });

  it('with the fleet lock: exactly one provider call per unique text', async () => {
    const run = await runFleet(redis, fake, true);
    const unique = SHARED + JOBS * OWN;
    console.log(`fleet WITH lock: ${run.providerInputs} provider inputs for ${unique} unique texts (max ${run.maxCallsPerText} per text)`);
    expect(run.uniqueTexts).toBe(unique);
    expect(run.providerInputs).toBe(unique);
    expect(run.maxCallsPerText).toBe(1);
    expect(run.summaries.every((s) => s.total === SHARED + OWN && s.failed === 0 && s.hits + s.computed <= s.total)).toBe(true);
    expect(run.summaries.reduce((sum, s) => sum + s.computed, 0)).toBe(unique);
  }, 120_000);

  it('without the lock the same run embeds shared texts several times (so the lock is what prevents it)', async () => {
    const run = await runFleet(redis, fake, false);
    const unique = SHARED + JOBS * OWN;
    console.log(`fleet WITHOUT lock: ${run.providerInputs} provider inputs for ${unique} unique texts (max ${run.maxCallsPerText} per text)`);
    expect(run.uniqueTexts).toBe(unique);
    expect(run.providerInputs).toBeGreaterThan(unique);
    expect(run.maxCallsPerText).toBeGreaterThan(1);
  }, 120_000);
});
