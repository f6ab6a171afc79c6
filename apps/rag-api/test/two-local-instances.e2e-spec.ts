import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { EMBEDDING_JOBS_QUEUE, INGEST_DOCUMENT_JOB, bullConnectionFromUrl } from '@rag/embedding-jobs';
import { freePort, spawnApp, startRedisServer, waitFor, waitForDocument } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';

const PER_INSTANCE = 50;

interface Posted {
  id: string;
  jobId: string | null;
}

/**
 * Two `npm start` rag-apis on one machine: each has its own embedded PGlite (no DATABASE_URL, so
 * each runs its in-process job processor), both use the same Redis. Before, each took the other's
 * `ingest-document` jobs, found no such document in its own store, and completed them as `deleted`,
 * leaving them `pending` for ever (issue #14).
 */
describe('two local rag-api instances (own PGlite each, one Redis)', () => {
  let redis: TestRedisServer;
  const dirs: string[] = [];
  /** Every process started, for afterAll; `a` and `b` are the two instances of the tests. */
  const apps: SpawnedApp[] = [];
  let a: SpawnedApp;
  let b: SpawnedApp;
  let dirOfA: string;

  const start = async (name: string, dir = mkdtempSync(join(tmpdir(), `rag-api-${name}-`))): Promise<SpawnedApp> => {
    if (!dirs.includes(dir)) dirs.push(dir);
    const port = await freePort();
    const app = await spawnApp(
      'apps/rag-api/src/main.ts',
      { PORT: String(port), REDIS_URL: redis.url, EMBEDDING_PROVIDER: 'local', DATABASE_URL: '', JOBS_IN_PROCESS: '', VECTOR_STORE_PATH: join(dir, 'pglite') },
      `http://127.0.0.1:${port}/health/live`,
      90_000,
    );
    apps.push(app);
    return app;
  };

  const post = async (app: SpawnedApp, id: string): Promise<Posted> => {
    const res = await fetch(`${app.url}/v1/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, text: `Document ${id}: its own words about ${id.replace(/-/g, ' ')} and nothing else.` }),
    });
    expect([201, 202]).toContain(res.status);
    return (await res.json()) as Posted;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    dirOfA = mkdtempSync(join(tmpdir(), 'rag-api-a-'));
    [a, b] = await Promise.all([start('a', dirOfA), start('b')]);
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) app.kill('SIGTERM');
    await Promise.all(apps.map((app) => app.exited));
    await redis?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it(`${PER_INSTANCE} documents posted to each at once: all ${2 * PER_INSTANCE} ready, each in the store it was posted to only`, async () => {
    const idsOf = (name: string): string[] => Array.from({ length: PER_INSTANCE }, (_, i) => `${name}-doc-${i}`);
    const [postedA, postedB] = await Promise.all([
      Promise.all(idsOf('a').map((id) => post(a, id))),
      Promise.all(idsOf('b').map((id) => post(b, id))),
    ]);
    // Every POST is queued (202) with Redis healthy. Before, with one core kept busy, 26 of 100 were
    // ingested inline (201): their `queue.add` answered in time, but the deadline's timer fired
    // first once the event loop, busy ingesting, turned again (a late timer now lets the reply be
    // read first, and status reads have a connection of their own).
    const queued = (posted: Posted[]): number => posted.filter((p) => p.jobId !== null).length;
    process.stdout.write(`two-local-instances: ${queued(postedA)} + ${queued(postedB)} of ${2 * PER_INSTANCE} POSTs queued, the rest ingested inline\n`);
    expect(queued(postedA) + queued(postedB)).toBe(2 * PER_INSTANCE);

    await Promise.all([...idsOf('a').map((id) => waitForDocument(a.url, id, undefined, 120_000)), ...idsOf('b').map((id) => waitForDocument(b.url, id, undefined, 120_000))]);

    for (const [other, name] of [
      [b, 'a'],
      [a, 'b'],
    ] as const) {
      for (const id of idsOf(name)) expect((await fetch(`${other.url}/v1/documents/${id}`)).status).toBe(404);
    }
    // Every job was run by the instance holding its document: ingested, none completed as `deleted`.
    for (const [app, posted] of [
      [a, postedA],
      [b, postedB],
    ] as const) {
      for (const { jobId } of posted.filter((p) => p.jobId !== null)) {
        const job = (await (await fetch(`${app.url}/v1/embedding-jobs/${encodeURIComponent(String(jobId))}`)).json()) as {
          name: string;
          state: string;
          summary: { outcome: string } | null;
        };
        expect({ name: job.name, state: job.state, outcome: job.summary?.outcome }).toEqual({ name: 'ingest-document', state: 'completed', outcome: 'ingested' });
      }
    }
  }, 240_000);

  it('an ingest-document job of another store on the shared queue is handed back with a warning naming the cause, never completed', async () => {
    // What a process of another store (a PostgreSQL deployment, or another version) would queue on the shared queue.
    const shared = new Queue(EMBEDDING_JOBS_QUEUE, { connection: bullConnectionFromUrl(redis.url) });
    try {
      const foreign = '99999999-9999-4999-8999-999999999999';
      const job = await shared.add(INGEST_DOCUMENT_JOB, { collection: 'default', id: 'a-doc-0', text: 'not for this store', metadata: {}, storeId: foreign });
      const warned = (): SpawnedApp | undefined => apps.find((app) => app.output().includes(`belongs to vector store ${foreign}`));
      await waitFor(() => warned() !== undefined, { timeoutMs: 30_000, description: 'a warning naming the foreign store' });
      expect(warned()?.output()).toContain('share this job queue (REDIS_URL)');
      const state = await shared.getJobState(String(job.id));
      expect(['delayed', 'waiting', 'active']).toContain(state);
      // a-doc-0 of instance a is untouched: still ready with its own text's chunks.
      const doc = (await (await fetch(`${a.url}/v1/documents/a-doc-0`)).json()) as { state: string };
      expect(doc.state).toBe('ready');
      await (await shared.getJob(String(job.id)))?.remove().catch(() => undefined);
    } finally {
      await shared.close();
    }
  }, 60_000);

  it("keeps an instance's own queue across a restart on the same directory (the store id is persistent)", async () => {
    const posted = await post(a, 'a-before-restart');
    await waitForDocument(a.url, 'a-before-restart', undefined, 60_000);
    a.kill('SIGTERM');
    await a.exited;
    const restarted = await start('a', dirOfA);
    a = restarted;
    // The job is read back from the same per-store queue the first run wrote it to.
    const job = (await (await fetch(`${restarted.url}/v1/embedding-jobs/${encodeURIComponent(String(posted.jobId))}`)).json()) as { state: string };
    expect(job.state).toBe('completed');
    await post(restarted, 'a-after-restart');
    await waitForDocument(restarted.url, 'a-after-restart', undefined, 60_000);
  }, 150_000);
});
