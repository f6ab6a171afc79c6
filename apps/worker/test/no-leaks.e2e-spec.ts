import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { freePort, spawnApp, startPostgresServer, startRedisServer, waitFor } from '@rag/test-utils';
import type { SpawnedApp, TestPostgresServer, TestRedisServer } from '@rag/test-utils';
import { startWorker } from './support/fleet';

const KEY = 'sk-no-leaks-3c2b1a';
/** What must never reach a client: SQL states, the database's own words, table names, hosts. */
const LEAKS = /SQLSTATE|42P01|relation|does not exist|chunks_d64|127\.0\.0\.1|postgres(ql)?:\/\//i;

interface Answer {
  status: number;
  text: string;
  body: Record<string, unknown>;
}

describe('rag-api + worker on a real PostgreSQL whose chunks table is gone: no SQL state reaches a client (#15)', () => {
  let redis: TestRedisServer;
  let pg: TestPostgresServer;
  let fake: FakeOpenAIServer;
  let api: SpawnedApp;
  let worker: SpawnedApp;

  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const headers: Record<string, string> = { authorization: `Bearer ${KEY}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${api.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    pg = await startPostgresServer();
    fake = await FakeOpenAIServer.start({ dimensions: 64 });
    const keysFile = join(mkdtempSync(join(tmpdir(), 'rag-no-leaks-')), 'keys.json');
    const sha256 = createHash('sha256').update(KEY).digest('hex');
    writeFileSync(keysFile, JSON.stringify({ keys: [{ id: 'ops', sha256, collections: ['*'], permissions: ['embed', 'read', 'write', 'jobs'] }] }));
    const env = {
      REDIS_URL: redis.url,
      DATABASE_URL: pg.url,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.baseURL,
      EMBEDDING_MODEL: 'text-embedding-3-small',
      EMBEDDING_DIMENSIONS: '64',
    };
    const port = await freePort();
    api = await spawnApp('apps/rag-api/src/main.ts', { ...env, PORT: String(port), RAG_API_KEYS_FILE: keysFile, RAG_API_HOST: '127.0.0.1' }, `http://127.0.0.1:${port}/health/live`, 90_000);
    worker = await startWorker(env);
  }, 180_000);

  afterAll(async () => {
    api?.kill('SIGTERM');
    worker?.kill('SIGTERM');
    await Promise.all([api?.exited, worker?.exited]);
    await fake?.close();
    await pg?.stop();
    await redis?.stop();
  });

  it("a document job failing on the database: the document's error, the job's failedReason and retrieval's 503 are plain; the logs have the SQL state", async () => {
    const healthy = await call('POST', '/v1/documents', { id: 'fine', text: 'Stored before the table went away.' });
    expect(healthy.status).toBe(202);
    await waitFor(async () => (await call('GET', '/v1/documents/fine')).body['state'] === 'ready', { timeoutMs: 30_000, intervalMs: 100, description: 'the first document' });

    const db = new Client({ connectionString: pg.url });
    await db.connect();
    try {
      await db.query('ALTER TABLE vector_store.chunks_d64 RENAME TO chunks_gone');
    } finally {
      await db.end();
    }

    const posted = await call('POST', '/v1/documents', { id: 'doomed', text: 'Its chunks have nowhere to go.' });
    expect(posted.status).toBe(202);
    await waitFor(async () => (await call('GET', '/v1/documents/doomed')).body['state'] === 'failed', { timeoutMs: 60_000, intervalMs: 200, description: 'the document to fail' });
    const document = await call('GET', '/v1/documents/doomed');
    expect(document.body['error']).toBe('the vector store failed to store the document');
    const job = await call('GET', `/v1/embedding-jobs/${String(posted.body['jobId'])}`);
    expect(job.body).toMatchObject({ state: 'failed', failedReason: 'the vector store failed to store the document' });
    const retrieval = await call('POST', '/v1/retrieve', { query: 'anything stored?' });
    expect(retrieval.status).toBe(503);
    const health = await call('GET', '/health');
    for (const answer of [posted, document, job, retrieval, health]) expect(answer.text).not.toMatch(LEAKS);
    expect(worker.output()).toMatch(/42P01|does not exist/);
    expect(api.output()).toMatch(/42P01|does not exist/);
  }, 120_000);
});
