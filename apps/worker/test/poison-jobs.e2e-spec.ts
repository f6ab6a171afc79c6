import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { freePort, spawnApp, startPgliteServer, startRedisServer, waitFor, waitForDocument } from '@rag/test-utils';
import type { SpawnedApp, TestPgServer, TestRedisServer } from '@rag/test-utils';
import { startWorker } from './support/fleet';

const MODEL = 'text-embedding-3-small';

interface DocumentView {
  state: string;
  error?: string;
}

async function readDocument(api: SpawnedApp, id: string): Promise<DocumentView> {
  const res = await fetch(`${api.url}/v1/documents/${id}`);
  return (await res.json()) as DocumentView;
}

/**
 * A document whose ingestion kills its process (a poison job: out of memory, a crash, a kill) must
 * not take the fleet down again and again, nor stay `processing` for ever: BullMQ retries a job
 * whose process died once (a deploy or a lost node must not fail documents), and the second death
 * fails it; the document then shows `failed` with a reason.
 */
describe('a document whose ingestion kills its worker twice (real BullMQ, Redis, Postgres wire server)', () => {
  let redis: TestRedisServer;
  let pg: TestPgServer;
  let fake: FakeOpenAIServer;
  let api: SpawnedApp;
  const workers: SpawnedApp[] = [];

  const env = (): Record<string, string> => ({
    REDIS_URL: redis.url,
    DATABASE_URL: pg.url,
    VECTOR_STORE_POOL_SIZE: '1',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.baseURL,
    EMBEDDING_MODEL: MODEL,
    EMBEDDING_DIMENSIONS: '384',
    // A killed worker's job is found stalled within ~2.5 s instead of the default 30-60 s.
    WORKER_LOCK_DURATION_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '500',
  });

  const startOne = async (): Promise<SpawnedApp> => {
    const worker = await startWorker(env());
    workers.push(worker);
    return worker;
  };

  const killDuringIngestion = async (worker: SpawnedApp, requestsBefore: number): Promise<void> => {
    // The worker is inside the document's ingestion once its provider call arrived.
    await waitFor(() => fake.arrivedCount > requestsBefore, { timeoutMs: 30_000, description: 'the worker to call the provider' });
    worker.kill('SIGKILL');
    await worker.exited;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    pg = await startPgliteServer({ multiplex: true });
    // Every provider call hangs: the process is killed while it waits.
    fake = await FakeOpenAIServer.start({ dimensions: 384, latencyMs: 120_000 });
    const apiPort = await freePort();
    api = await spawnApp('apps/rag-api/src/main.ts', { ...env(), PORT: String(apiPort) }, `http://127.0.0.1:${apiPort}/health/live`);
  }, 120_000);

  afterAll(async () => {
    // Workers may be stuck in a provider call that never answers: a graceful stop would wait for it.
    for (const worker of workers) {
      worker.kill('SIGKILL');
      await worker.exited;
    }
    api?.kill('SIGTERM');
    await api?.exited;
    await fake?.close();
    await pg?.stop();
    await redis?.stop();
  });

  it('ends `failed` with a reason after the second death, and the next worker keeps ingesting', async () => {
    const res = await fetch(`${api.url}/v1/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'poison', text: 'A document whose ingestion never survives.', metadata: { kind: 'poison' } }),
    });
    expect(res.status).toBe(202);

    await killDuringIngestion(await startOne(), 0);
    // The retry after the first death: the job is taken again and kills its second process.
    await killDuringIngestion(await startOne(), 1);
    expect((await readDocument(api, 'poison')).state).toBe('processing');

    fake.latencyMs = 0;
    await startOne();
    let seen: DocumentView = { state: 'unknown' };
    await waitFor(async () => (seen = await readDocument(api, 'poison')).state === 'failed', {
      timeoutMs: 30_000,
      intervalMs: 200,
      description: 'the document to be failed',
    });
    expect(seen.error).toMatch(/stopped while ingesting it, 2 times/);
    // Not a third attempt: the provider saw only the two calls of the killed processes.
    expect(fake.arrivedCount).toBe(2);

    // The surviving worker takes the next document as usual.
    const next = await fetch(`${api.url}/v1/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'healthy', text: 'An ordinary document about volcanoes and magma.' }),
    });
    expect(next.status).toBe(202);
    await waitForDocument(api.url, 'healthy');
  }, 120_000);
});
