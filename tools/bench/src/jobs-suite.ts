import { Queue, QueueEvents } from 'bullmq';
import { EMBEDDING_JOBS_QUEUE, EMBEDDING_JOB_OPTIONS, EMBED_TEXTS_JOB, bullConnectionFromUrl } from '@rag/embedding-jobs';
import type { EmbeddingJobData, EmbeddingJobSummary } from '@rag/embedding-jobs';
import { freePort, spawnApp } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';

/** Options of the jobs suite. */
export interface JobsSuiteOptions {
  textsPerJob: number;
  jobs: number;
}

/** One row of the jobs suite. */
export interface JobsRow {
  workers: number;
  jobsPerSecond: number;
  textsPerSecond: number;
  seconds: number;
}

/** The worker's default `WORKER_CONCURRENCY`, set explicitly so the warm-up matches it. */
const WORKER_CONCURRENCY = 2;

async function startWorkers(n: number, env: Record<string, string>): Promise<SpawnedApp[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const port = await freePort();
      return spawnApp('apps/worker/src/main.ts', { ...env, WORKER_HTTP_PORT: String(port), WORKER_CONCURRENCY: String(WORKER_CONCURRENCY), LOG_LEVEL: 'warn' }, `http://127.0.0.1:${port}/health/live`);
    }),
  );
}

async function runJobs(queue: Queue<EmbeddingJobData, EmbeddingJobSummary>, events: QueueEvents, texts: string[], jobs: number) {
  const started = process.hrtime.bigint();
  const added = await queue.addBulk(Array.from({ length: jobs }, () => ({ name: EMBED_TEXTS_JOB, data: { texts }, opts: EMBEDDING_JOB_OPTIONS })));
  const summaries = await Promise.all(added.map((job) => job.waitUntilFinished(events, 600_000)));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, summaries };
}

/** Fully cached jobs of `textsPerJob` texts, processed by 1 and then 4 worker processes. */
export async function runJobsSuite(redis: TestRedisServer, options: JobsSuiteOptions): Promise<JobsRow[]> {
  const env = { REDIS_URL: redis.url, OPENAI_API_KEY: '', EMBEDDING_PROVIDER: 'local' };
  const texts = Array.from({ length: options.textsPerJob }, (_, i) => `jobs benchmark text ${i}`);
  const queue = new Queue<EmbeddingJobData, EmbeddingJobSummary>(EMBEDDING_JOBS_QUEUE, { connection: bullConnectionFromUrl(redis.url) });
  const events = new QueueEvents(EMBEDDING_JOBS_QUEUE, { connection: bullConnectionFromUrl(redis.url) });
  // Each `waitUntilFinished` adds a listener to the queue until its job ends.
  queue.setMaxListeners(options.jobs + 10);
  await events.waitUntilReady();
  const rows: JobsRow[] = [];
  try {
    for (const n of [1, 4]) {
      const workers = await startWorkers(n, env);
      try {
        // Fills the cache on the first round, then warms the worker processes (JIT, connections,
        // L1) with as many jobs as the fleet runs at once, so that most likely each takes some
        // (BullMQ does not promise it).
        await runJobs(queue, events, texts, 1);
        await runJobs(queue, events, texts, n * WORKER_CONCURRENCY);
        const { seconds, summaries } = await runJobs(queue, events, texts, options.jobs);
        if (summaries.some((s) => s.hits !== s.total)) throw new Error('jobs benchmark expected fully cached jobs');
        rows.push({ workers: n, seconds, jobsPerSecond: options.jobs / seconds, textsPerSecond: (options.jobs * texts.length) / seconds });
      } finally {
        workers.forEach((worker) => worker.kill('SIGTERM'));
        await Promise.all(workers.map((worker) => worker.exited));
      }
    }
  } finally {
    await events.close();
    await queue.close();
  }
  return rows;
}
