import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnApp, startRedisServer, waitForDocument } from '@rag/test-utils';
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
  const apps: SpawnedApp[] = [];

  const start = async (name: string): Promise<SpawnedApp> => {
    const dir = mkdtempSync(join(tmpdir(), `rag-api-${name}-`));
    dirs.push(dir);
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
    await Promise.all([start('a'), start('b')]);
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) app.kill('SIGTERM');
    await Promise.all(apps.map((app) => app.exited));
    await redis?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it(`${PER_INSTANCE} documents posted to each at once: all ${2 * PER_INSTANCE} ready, each in the store it was posted to only`, async () => {
    const [a, b] = apps;
    const idsOf = (name: string): string[] => Array.from({ length: PER_INSTANCE }, (_, i) => `${name}-doc-${i}`);
    const [postedA, postedB] = await Promise.all([
      Promise.all(idsOf('a').map((id) => post(a, id))),
      Promise.all(idsOf('b').map((id) => post(b, id))),
    ]);
    expect(postedA.filter((p) => p.jobId !== null)).toHaveLength(PER_INSTANCE);
    expect(postedB.filter((p) => p.jobId !== null)).toHaveLength(PER_INSTANCE);

    await Promise.all([...idsOf('a').map((id) => waitForDocument(a.url, id, undefined, 120_000)), ...idsOf('b').map((id) => waitForDocument(b.url, id, undefined, 120_000))]);

    for (const [mine, other, name] of [
      [a, b, 'a'],
      [b, a, 'b'],
    ] as const) {
      for (const id of idsOf(name)) expect((await fetch(`${other.url}/v1/documents/${id}`)).status).toBe(404);
    }
    // Every job was run by the instance holding its document: ingested, none completed as `deleted`.
    for (const [app, posted] of [
      [a, postedA],
      [b, postedB],
    ] as const) {
      for (const { jobId } of posted) {
        const job = (await (await fetch(`${app.url}/v1/embedding-jobs/${encodeURIComponent(String(jobId))}`)).json()) as {
          name: string;
          state: string;
          summary: { outcome: string } | null;
        };
        expect({ name: job.name, state: job.state, outcome: job.summary?.outcome }).toEqual({ name: 'ingest-document', state: 'completed', outcome: 'ingested' });
      }
    }
  }, 240_000);
});
