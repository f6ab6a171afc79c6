import { Queue, QueueEvents } from 'bullmq';
import { EMBEDDING_JOBS_QUEUE, EMBEDDING_JOB_OPTIONS, EMBED_TEXTS_JOB, bullConnectionFromUrl } from '@rag/embedding-jobs';
import type { EmbeddingJobData, EmbeddingJobSummary } from '@rag/embedding-jobs';
import { freePort, spawnApp } from '@rag/test-utils';
import type { SpawnedApp } from '@rag/test-utils';

/** Starts `apps/worker` as its own OS process on a free HTTP port. */
export async function startWorker(env: Record<string, string>): Promise<SpawnedApp> {
  const port = await freePort();
  return spawnApp('apps/worker/src/main.ts', { WORKER_HTTP_PORT: String(port), ...env }, `http://127.0.0.1:${port}/health/live`);
}

/** A producer on the jobs queue plus its events, for tests that enqueue without the API. */
export function openQueue(redisUrl: string): { queue: Queue<EmbeddingJobData, EmbeddingJobSummary>; events: QueueEvents; close(): Promise<void> } {
  const queue = new Queue<EmbeddingJobData, EmbeddingJobSummary>(EMBEDDING_JOBS_QUEUE, { connection: bullConnectionFromUrl(redisUrl) });
  const events = new QueueEvents(EMBEDDING_JOBS_QUEUE, { connection: bullConnectionFromUrl(redisUrl) });
  return {
    queue,
    events,
    close: async () => {
      await events.close();
      await queue.close();
    },
  };
}

/** Adds a job with the production job options. */
export function addJob(queue: Queue<EmbeddingJobData, EmbeddingJobSummary>, texts: string[]) {
  return queue.add(EMBED_TEXTS_JOB, { texts }, EMBEDDING_JOB_OPTIONS);
}
