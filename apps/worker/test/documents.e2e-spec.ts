import { Client } from 'pg';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { DOCUMENTS, QUESTION_ABOUT_SECOND, freePort, spawnApp, startPgliteServer, startPostgresServer, startRedisServer, waitForDocument } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';
import { startWorker } from './support/fleet';

const MODEL = 'text-embedding-3-small';

/** `embedding_jobs_total{outcome="completed",name="ingest-document"}` of a worker, read from its /metrics. */
async function completedJobs(worker: SpawnedApp): Promise<number> {
  const text = await (await fetch(`${worker.url}/metrics`)).text();
  const match = /^embedding_jobs_total\{outcome="completed",name="ingest-document"\} (\d+)/m.exec(text);
  return match ? Number(match[1]) : 0;
}

/** A database every process reaches with `DATABASE_URL`, the pool size they use, and how to stop it. */
interface SharedDatabase {
  url: string;
  poolSize: string;
  stop(): Promise<void>;
}

/**
 * The production path: rag-api and two workers share a PostgreSQL (`DATABASE_URL`) and one Redis
 * (queue and cache), on two databases: a real PostgreSQL with pgvector (each process with the
 * default pool of 10), and PGlite served over the wire protocol behind the test multiplexer.
 */
const DATABASES: Array<{ database: string; start(): Promise<SharedDatabase> }> = [
  {
    database: 'a real PostgreSQL with pgvector, pools of 10',
    start: async () => {
      const server = await startPostgresServer();
      return { url: server.url, poolSize: '10', stop: () => server.stop() };
    },
  },
  {
    database: 'PGlite over pglite-socket and the test multiplexer, pools of 1',
    start: async () => {
      const server = await startPgliteServer({ multiplex: true });
      // pglite-socket runs one statement at a time; one connection per process is all it can use.
      return { url: server.url, poolSize: '1', stop: () => server.stop() };
    },
  },
];

describe.each(DATABASES)('document ingestion through workers with DATABASE_URL ($database; real BullMQ and Redis)', ({ start }) => {
  let redis: TestRedisServer;
  let pg: SharedDatabase;
  let fake: FakeOpenAIServer;
  let api: SpawnedApp;
  let workers: SpawnedApp[];

  const env = (): Record<string, string> => ({
    REDIS_URL: redis.url,
    DATABASE_URL: pg.url,
    VECTOR_STORE_POOL_SIZE: pg.poolSize,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.baseURL,
    EMBEDDING_MODEL: MODEL,
    EMBEDDING_DIMENSIONS: '384',
    CHUNK_SIZE: '200',
    CHUNK_OVERLAP: '40',
  });

  beforeAll(async () => {
    redis = await startRedisServer();
    pg = await start();
    fake = await FakeOpenAIServer.start({ dimensions: 384 });
    const apiPort = await freePort();
    // Booted first, so that the schema is created once before the workers connect.
    api = await spawnApp('apps/rag-api/src/main.ts', { ...env(), PORT: String(apiPort) }, `http://127.0.0.1:${apiPort}/health/live`);
    workers = await Promise.all([startWorker(env()), startWorker(env())]);
  }, 120_000);

  afterAll(async () => {
    for (const app of [api, ...(workers ?? [])]) {
      if (!app) continue;
      app.kill('SIGTERM');
      await app.exited;
    }
    await fake?.close();
    await pg?.stop();
    await redis?.stop();
  });

  it('three documents go to the workers (202), and a question sharing words with the second finds it first', async () => {
    for (const doc of DOCUMENTS) {
      const res = await fetch(`${api.url}/v1/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
      expect(res.status).toBe(202);
    }
    for (const doc of DOCUMENTS) await waitForDocument(api.url, doc.id);
    const res = await fetch(`${api.url}/v1/retrieve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUESTION_ABOUT_SECOND, topK: 3 }),
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: Array<{ documentId: string; score: number }> };
    expect(results[0].documentId).toBe(DOCUMENTS[1].id);

    // Unchanged documents again: the workers find the same content hash and call nobody.
    const before = fake.inputCount;
    for (const doc of DOCUMENTS) {
      await fetch(`${api.url}/v1/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
    }
    for (const doc of DOCUMENTS) await waitForDocument(api.url, doc.id);
    expect(fake.inputCount).toBe(before);
  });

  it('1000 documents are ingested through the two workers', async () => {
    const count = 1_000;
    const started = Date.now();
    for (let i = 0; i < count; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, count - i) }, async (_, j) => {
          const n = i + j;
          const text = `Document ${n} of the bulk set. ${DOCUMENTS[n % 3].text}\n\nIts own sentence number ${n}: item-${n}.`;
          const res = await fetch(`${api.url}/v1/documents`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ id: `bulk-${n}`, text, collection: 'bulk', metadata: { n } }),
          });
          expect(res.status).toBe(202);
        }),
      );
    }

    const client = new Client({ connectionString: pg.url });
    await client.connect();
    let ready = 0;
    let failed = 0;
    try {
      const deadline = Date.now() + 240_000;
      while (Date.now() < deadline) {
        const { rows } = await client.query<{ ready: string; failed: string }>(
          `SELECT count(*) FILTER (WHERE state = 'ready') AS ready, count(*) FILTER (WHERE state = 'failed') AS failed
             FROM vector_store.documents WHERE collection = 'bulk'`,
        );
        ready = Number(rows[0].ready);
        failed = Number(rows[0].failed);
        if (ready + failed === count) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const { rows } = await client.query<{ chunks: string }>(`SELECT sum(chunk_count) AS chunks FROM vector_store.documents WHERE collection = 'bulk'`);
      const seconds = (Date.now() - started) / 1000;
      console.log(`1000 documents, ${rows[0].chunks} chunks through 2 workers in ${seconds.toFixed(1)} s: ${(Number(rows[0].chunks) / seconds).toFixed(0)} chunks/s`);
    } finally {
      await client.end();
    }
    expect({ ready, failed }).toEqual({ ready: count, failed: 0 });
    const perWorker = await Promise.all(workers.map(completedJobs));
    expect(perWorker.every((n) => n > 0)).toBe(true);

    const res = await fetch(`${api.url}/v1/retrieve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'item-777', collection: 'bulk', filter: { n: 777 } }),
    });
    const { results } = (await res.json()) as { results: Array<{ documentId: string }> };
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.documentId === 'bulk-777')).toBe(true);
  }, 300_000);
});
