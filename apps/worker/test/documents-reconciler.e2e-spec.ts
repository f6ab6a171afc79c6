import { Client } from 'pg';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { freePort, redisCli, spawnApp, startPostgresServer, startRedisServer, waitFor, waitForDocument } from '@rag/test-utils';
import type { SpawnedApp, TestPostgresServer, TestRedisServer } from '@rag/test-utils';
import { startWorker } from './support/fleet';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The reconciler's bound here (production default: 10 minutes); it passes every 500 ms (a quarter, at least 250 ms). */
const STUCK_AFTER_MS = 2_000;
/**
 * Longest wait for a document with no live job to be marked `failed`, from the moment it stopped
 * changing: the bound plus one pass, with room for a loaded 2-core machine (`stress-ng --cpu 1`).
 */
const MARKED_WITHIN_MS = 30_000;
/** Documents whose jobs vanish at once, for both replicas to reconcile side by side. */
const VANISHED = 30;

interface DocumentView {
  state: string;
  error: string | null;
}

async function post(api: SpawnedApp, body: Record<string, unknown>): Promise<{ status: number; jobId?: string }> {
  const res = await fetch(`${api.url}/v1/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await res.json()) as { jobId?: string };
  return { status: res.status, jobId: answer.jobId };
}

async function readDocument(api: SpawnedApp, id: string): Promise<DocumentView> {
  return (await (await fetch(`${api.url}/v1/documents/${id}`)).json()) as DocumentView;
}

/** Lines of the reconciler's warning for document `id` in a process's output (JSON log lines: quotes escaped). */
function markedLines(app: SpawnedApp, id: string): number {
  const warning = new RegExp(`Document \\\\?"${id}\\\\?" \\(collection \\\\?"default\\\\?"\\) was pending .* marked failed`);
  return app.output().split('\n').filter((line) => warning.test(line)).length;
}

/**
 * Documents never stay `pending` / `processing` past a documented bound on the shared store
 * (issue #14): every rag-api replica reconciles the documents of the PostgreSQL store with their
 * jobs on the shared `embedding-jobs` queue, and two replicas at it together mark each document once.
 */
describe('document reconciliation on the shared store (2 rag-api replicas, workers, real PostgreSQL with pgvector and Redis)', () => {
  let redis: TestRedisServer;
  let pg: TestPostgresServer;
  let fake: FakeOpenAIServer;
  let db: Client;
  const apis: SpawnedApp[] = [];
  const workers: SpawnedApp[] = [];

  const env = (): Record<string, string> => ({
    REDIS_URL: redis.url,
    DATABASE_URL: pg.url,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.baseURL,
    EMBEDDING_MODEL: 'text-embedding-3-small',
    EMBEDDING_DIMENSIONS: '384',
    DOCUMENT_STUCK_AFTER_MS: String(STUCK_AFTER_MS),
    // A killed worker's job is found stalled within ~2.5 s instead of the default 30-60 s.
    WORKER_LOCK_DURATION_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '500',
  });

  const startApi = async (): Promise<SpawnedApp> => {
    const port = await freePort();
    const api = await spawnApp('apps/rag-api/src/main.ts', { ...env(), PORT: String(port) }, `http://127.0.0.1:${port}/health/live`, 90_000);
    apis.push(api);
    return api;
  };

  const startOne = async (overrides: Record<string, string> = {}): Promise<SpawnedApp> => {
    const worker = await startWorker({ ...env(), ...overrides });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    pg = await startPostgresServer();
    fake = await FakeOpenAIServer.start({ dimensions: 384 });
    db = new Client({ connectionString: pg.url });
    await db.connect();
    // One replica first, so that the schema is created before the other connects.
    await startApi();
    await startApi();
  }, 180_000);

  afterAll(async () => {
    // Workers may be stuck in a provider call that never answers: a graceful stop would wait for it.
    for (const app of [...workers, ...apis]) app.kill('SIGKILL');
    await Promise.all([...workers, ...apis].map((app) => app.exited));
    await db?.end();
    await fake?.close();
    await pg?.stop();
    await redis?.stop();
  });

  it('jobs gone from Redis (FLUSHALL): each document marked failed once with the reason, by one of the two replicas; a queued one is left alone', async () => {
    const ids = Array.from({ length: VANISHED }, (_, i) => `vanished-${i}`);
    // No worker runs: the jobs wait on the queue until the queue's Redis loses them.
    for (const [i, id] of ids.entries()) expect((await post(apis[i % 2], { id, text: `Document ${id} about tides and harbours.` })).status).toBe(202);
    await redisCli(redis.port, ['FLUSHALL']);
    const flushed = performance.now();
    // A document queued after the flush waits behind nothing but the absence of workers: its job is there.
    expect((await post(apis[0], { id: 'queued', text: 'A document that waits for a worker.' })).status).toBe(202);

    await waitFor(async () => (await Promise.all(ids.map((id) => readDocument(apis[0], id)))).every((doc) => doc.state === 'failed'), {
      timeoutMs: MARKED_WITHIN_MS,
      intervalMs: 200,
      description: `the ${VANISHED} documents whose jobs are gone marked failed`,
    });
    const markedMs = performance.now() - flushed;
    const doc = await readDocument(apis[1], ids[0]);
    expect(doc.error).toMatch(/job is gone/);
    expect(doc.error).toMatch(/post it again/);

    // Two more bounds: nobody writes them again, and the queued document is not failed for waiting.
    const updated = async () => (await db.query<{ id: string; updated_at: Date }>("SELECT id, updated_at FROM vector_store.documents WHERE id LIKE 'vanished-%' ORDER BY id")).rows;
    const before = await updated();
    await sleep(2 * STUCK_AFTER_MS);
    await expect(updated()).resolves.toEqual(before);
    expect((await readDocument(apis[0], 'queued')).state).toBe('pending');
    const perReplica = apis.map((api) => ids.reduce((sum, id) => sum + markedLines(api, id), 0));
    process.stdout.write(`documents-reconciler: ${VANISHED} gone jobs marked failed within ${Math.round(markedMs)} ms of the flush, by replica: ${perReplica.join(' + ')}\n`);
    for (const id of ids) expect(markedLines(apis[0], id) + markedLines(apis[1], id)).toBe(1);

    // A worker then takes the queued one as usual.
    const worker = await startOne();
    try {
      await waitForDocument(apis[0].url, 'queued');
    } finally {
      worker.kill('SIGTERM');
      await worker.exited;
    }
  }, 180_000);

  it('a document whose ingestion kills its worker twice, the stalled job failed by a worker without the store: failed with the reason within the bound', async () => {
    // Every provider call hangs: each document worker is killed while it waits.
    fake.reset();
    fake.latencyMs = 120_000;
    // A worker of embedding jobs only (no DATABASE_URL): it hands document jobs back, and its stalled
    // check is the one left to fail the job after the second death. It cannot mark the document.
    await startOne({ DATABASE_URL: '' });
    expect((await post(apis[0], { id: 'poison', text: 'A document whose ingestion never survives.' })).status).toBe(202);

    for (let death = 0; death < 2; death++) {
      const worker = await startOne();
      await waitFor(() => fake.arrivedCount > death, { timeoutMs: 60_000, description: `document worker ${death + 1} in the provider call` });
      worker.kill('SIGKILL');
      await worker.exited;
    }
    const secondDeath = performance.now();
    let doc: DocumentView = { state: 'unknown', error: null };
    await waitFor(async () => ['ready', 'failed'].includes((doc = await readDocument(apis[1], 'poison')).state), {
      timeoutMs: 60_000,
      intervalMs: 200,
      description: 'the document ready or failed',
    });
    const endedMs = performance.now() - secondDeath;
    process.stdout.write(`documents-reconciler: after the 2nd SIGKILL, "${doc.state}" in ${Math.round(endedMs)} ms: ${doc.error}\n`);
    expect(doc.state).toBe('failed');
    expect(doc.error).toMatch(/stopped while ingesting it, 2 times/);
    // Not a third attempt: the provider saw only the calls of the two killed processes.
    expect(fake.arrivedCount).toBe(2);
  }, 180_000);
});
