// Over 250 lines on purpose: one end-to-end story of the document routes (ingest, state,
// retrieval, re-ingest, delete, restart) that reads best in order, on one booted app.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { spawn } from 'node:child_process';
import {
  DOCUMENTS,
  QUESTION_ABOUT_SECOND,
  WORKSPACE_ROOT,
  freePort,
  startPostgresServer,
  startRedisServer,
  waitFor,
  waitForDocument,
  waitForJob,
} from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { cacheHeader, createApp, sampleValue } from './support/create-app';
import type { TestApp } from './support/create-app';

const MODEL = 'text-embedding-3-small';

/** Runs rag-api's main.ts as its own process until it exits (a boot failure), with `env` over ours. */
async function runMain(env: Record<string, string | undefined>): Promise<{ code: number | null; stderr: string }> {
  const port = String(await freePort());
  const merged: NodeJS.ProcessEnv = { ...process.env, SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'tsconfig.base.json'), PORT: port, LOG_LEVEL: 'silent' };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(WORKSPACE_ROOT, 'apps/rag-api/src/main.ts')], {
    cwd: WORKSPACE_ROOT,
    env: merged,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr });
    }),
  );
}

/** A vector store for the suite: the variables that select it, and how to let go of it. */
interface StoreUnderTest {
  env: Record<string, string | undefined>;
  stop(): Promise<void>;
}

/**
 * The same story on both stores rag-api runs on: an embedded PGlite on disk (no DATABASE_URL), and
 * a real PostgreSQL with pgvector (DATABASE_URL, the production path; the in-process processor
 * takes the jobs, as `JOBS_IN_PROCESS=true` asks). Both keep their data across a restart.
 */
const STORES: Array<{ store: string; start(): Promise<StoreUnderTest> }> = [
  {
    store: 'PGlite on disk',
    start: async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'rag-api-documents-'));
      return {
        env: { DATABASE_URL: undefined, JOBS_IN_PROCESS: undefined, VECTOR_STORE_PATH: join(dataDir, 'pglite') },
        stop: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
  },
  {
    store: 'a real PostgreSQL with pgvector',
    start: async () => {
      const pg = await startPostgresServer();
      return { env: { DATABASE_URL: pg.url, JOBS_IN_PROCESS: 'true', VECTOR_STORE_PATH: undefined }, stop: () => pg.stop() };
    },
  },
];

describe.each(STORES)('documents and retrieval in rag-api ($store, in-process job processor, real Redis and BullMQ)', ({ start }) => {
  let redis: TestRedisServer;
  let fake: FakeOpenAIServer;
  let store: StoreUnderTest;
  let api: TestApp;

  const env = (): Record<string, string | undefined> => ({
    REDIS_URL: redis.url,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.baseURL,
    EMBEDDING_MODEL: MODEL,
    EMBEDDING_DIMENSIONS: '384',
    ...store.env,
    CHUNK_SIZE: '200',
    CHUNK_OVERLAP: '40',
  });

  const ingestAll = async (): Promise<Array<{ status: number; body: { id: string; jobId: string | null } }>> => {
    const answers = [];
    for (const doc of DOCUMENTS) answers.push(await request(api.url).post('/v1/documents').send(doc));
    for (const doc of DOCUMENTS) await waitForDocument(api.url, doc.id);
    return answers;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    // The fake answers with the local lexical embedder, so texts sharing words are near.
    fake = await FakeOpenAIServer.start({ dimensions: 384 });
    store = await start();
    api = await createApp(env());
  });

  afterAll(async () => {
    await api?.close();
    await fake?.close();
    await redis?.stop();
    await store?.stop();
  });

  it('three documents are queued (202), processed in-process, and a question sharing words with the second finds it first', async () => {
    // prom-client's registry is per process: an earlier suite's app counted into it too.
    const providerTexts = async () => sampleValue((await request(api.url).get('/metrics')).text, 'embedding_provider_texts_total', { model: MODEL });
    const counted = await providerTexts();
    const ingestJobs = async () =>
      sampleValue((await request(api.url).get('/metrics')).text, 'embedding_jobs_total', { outcome: 'completed', name: 'ingest-document' });
    const jobsBefore = await ingestJobs();
    const answers = await ingestAll();
    for (const [i, answer] of answers.entries()) {
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({ id: DOCUMENTS[i].id, collection: 'default', jobId: expect.any(String), state: 'pending' });
    }
    const doc = await request(api.url).get(`/v1/documents/${DOCUMENTS[1].id}`);
    expect(doc.status).toBe(200);
    expect(doc.body).toMatchObject({ id: DOCUMENTS[1].id, state: 'ready', chunkCount: expect.any(Number), error: null, metadata: DOCUMENTS[1].metadata });
    expect(doc.body.chunkCount).toBeGreaterThan(1);

    const job = await request(api.url).get(`/v1/embedding-jobs/${answers[1].body.jobId}`);
    expect(job.body).toMatchObject({
      name: 'ingest-document',
      state: 'completed',
      summary: { outcome: 'ingested', documentId: DOCUMENTS[1].id, chunks: doc.body.chunkCount },
    });

    // The in-process ingestion counts its provider calls as the endpoints and the worker do (one CachedEmbedder).
    expect((await providerTexts()) - counted).toBe(fake.inputCount);
    expect(fake.inputCount).toBeGreaterThan(0);
    // rag-api's in-process jobs are counted as the worker counts its own (a single-process deployment has no worker to scrape).
    await waitFor(async () => (await ingestJobs()) - jobsBefore === DOCUMENTS.length, { description: 'embedding_jobs_total to count the ingest-document jobs' });

    const found = await request(api.url).post('/v1/retrieve').send({ query: QUESTION_ABOUT_SECOND, topK: 3 });
    expect(found.status).toBe(200);
    expect(cacheHeader(found.headers['x-embedding-cache'])).toEqual({ hits: 0, misses: 1 });
    expect(found.body.results).toHaveLength(3);
    expect(found.body.results[0]).toMatchObject({ documentId: DOCUMENTS[1].id, metadata: DOCUMENTS[1].metadata });
    expect(found.body.results[0].chunkId).toMatch(new RegExp(`^${DOCUMENTS[1].id}#\\d+$`));
    const scores = found.body.results.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const again = await request(api.url).post('/v1/retrieve').send({ query: QUESTION_ABOUT_SECOND, topK: 3 });
    expect(cacheHeader(again.headers['x-embedding-cache'])).toEqual({ hits: 1, misses: 0 });
  });

  it('re-ingesting unchanged documents makes zero provider calls; new metadata is still applied', async () => {
    const before = fake.inputCount;
    const changedMetadata = { ...DOCUMENTS[0], metadata: { ...DOCUMENTS[0].metadata, reviewed: true } };
    const answers = [await request(api.url).post('/v1/documents').send(changedMetadata)];
    for (const doc of DOCUMENTS.slice(1)) answers.push(await request(api.url).post('/v1/documents').send(doc));
    for (const doc of DOCUMENTS) await waitForDocument(api.url, doc.id);
    expect(fake.inputCount).toBe(before);
    for (const answer of answers) {
      const job = await request(api.url).get(`/v1/embedding-jobs/${answer.body.jobId}`);
      expect(job.body.summary).toMatchObject({ outcome: 'unchanged', computed: 0 });
    }
    const filtered = await request(api.url).post('/v1/retrieve').send({ query: 'dough', filter: { reviewed: true } });
    expect(filtered.body.results.map((r: { documentId: string }) => r.documentId)).toEqual(
      expect.arrayContaining([DOCUMENTS[0].id]),
    );
    expect(new Set(filtered.body.results.map((r: { documentId: string }) => r.documentId))).toEqual(new Set([DOCUMENTS[0].id]));
  });

  it('a filter and a collection narrow the search; an unknown collection gives no results, not an error', async () => {
    const geology = await request(api.url).post('/v1/retrieve').send({ query: 'bread dough oven', filter: { topic: 'geology' }, topK: 10 });
    expect(geology.status).toBe(200);
    expect(geology.body.results.length).toBeGreaterThan(0);
    expect(geology.body.results.every((r: { documentId: string }) => r.documentId === DOCUMENTS[1].id)).toBe(true);

    const other = await request(api.url).post('/v1/documents').send({ id: 'elsewhere', text: 'Volcanoes in another collection.', collection: 'notes' });
    expect(other.status).toBe(202);
    await waitForDocument(api.url, 'elsewhere', 'notes');
    const inNotes = await request(api.url).post('/v1/retrieve').send({ query: 'volcano', collection: 'notes' });
    expect(inNotes.body.results.map((r: { documentId: string }) => r.documentId)).toEqual(['elsewhere']);
    await expect(request(api.url).get('/v1/documents/elsewhere')).resolves.toMatchObject({ status: 404 });

    const unknown = await request(api.url).post('/v1/retrieve').send({ query: 'volcano', collection: 'never-created' });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ results: [] });
  });

  it('a changed document replaces its chunks; a deleted one is gone from retrieval', async () => {
    const replaced = await request(api.url).post('/v1/documents').send({ id: DOCUMENTS[2].id, text: 'Tulips and daffodils bloom in the spring garden.', metadata: { topic: 'gardening' } });
    expect(replaced.status).toBe(202);
    await waitForDocument(api.url, DOCUMENTS[2].id);
    await expect(request(api.url).get(`/v1/documents/${DOCUMENTS[2].id}`)).resolves.toMatchObject({ body: { chunkCount: 1, metadata: { topic: 'gardening' } } });
    const tulips = await request(api.url).post('/v1/retrieve').send({ query: 'tulips daffodils garden', topK: 1 });
    expect(tulips.body.results[0]).toMatchObject({ documentId: DOCUMENTS[2].id, chunkId: `${DOCUMENTS[2].id}#0`, text: 'Tulips and daffodils bloom in the spring garden.' });

    const deleted = await request(api.url).delete(`/v1/documents/${DOCUMENTS[2].id}`);
    expect(deleted.status).toBe(204);
    await expect(request(api.url).get(`/v1/documents/${DOCUMENTS[2].id}`)).resolves.toMatchObject({ status: 404 });
    await expect(request(api.url).delete(`/v1/documents/${DOCUMENTS[2].id}`)).resolves.toMatchObject({ status: 404 });
    const after = await request(api.url).post('/v1/retrieve').send({ query: 'tulips daffodils garden', topK: 100 });
    expect(after.body.results.some((r: { documentId: string }) => r.documentId === DOCUMENTS[2].id)).toBe(false);
  });

  it('the last POST of a document wins, and a DELETE right after a POST is not undone by its job', async () => {
    const versions = ['Copper wires conduct electricity well.', 'Glass fibres carry light signals across oceans.'];
    const answers = [];
    for (const text of versions) answers.push(await request(api.url).post('/v1/documents').send({ id: 'raced', text }));
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    await waitForDocument(api.url, 'raced');
    for (const answer of answers) {
      await expect(waitForJob(api.url, answer.body.jobId)).resolves.toMatchObject({ state: 'completed' });
    }
    const stored = await request(api.url).post('/v1/retrieve').send({ query: 'glass fibres light copper wires', topK: 10 });
    const raced = stored.body.results.filter((r: { documentId: string }) => r.documentId === 'raced');
    expect(raced.map((r: { text: string }) => r.text)).toEqual([versions[1]]);

    // The provider takes 1 s, so that the DELETE lands while the job is still at work, however fast
    // the in-process job starts (on a loaded machine it sometimes finished before the DELETE came).
    fake.latencyMs = 1_000;
    try {
      const doomed = await request(api.url).post('/v1/documents').send({ id: 'doomed', text: 'Short-lived words about nothing much.' });
      expect(doomed.status).toBe(202);
      await request(api.url).delete('/v1/documents/doomed').expect(204);
      await expect(waitForJob(api.url, doomed.body.jobId)).resolves.toMatchObject({ state: 'completed', summary: { outcome: 'deleted' } });
    } finally {
      fake.latencyMs = 0;
    }
    await expect(request(api.url).get('/v1/documents/doomed')).resolves.toMatchObject({ status: 404 });
  });

  it('GET /v1/documents/:id shows the posted metadata while the document is pending or processing', async () => {
    // Each embedding call takes 2 s: the time the checks below have to see the document in flight.
    fake.latencyMs = 2_000;
    try {
      const posted = { id: 'slow', text: 'Glaciers carve valleys over thousands of years.', metadata: { topic: 'ice', draft: true } };
      const answer = await request(api.url).post('/v1/documents').send(posted);
      expect(answer.status).toBe(202);
      const during = await request(api.url).get('/v1/documents/slow');
      expect(during.body).toMatchObject({ state: expect.stringMatching(/^(pending|processing)$/), chunkCount: 0, metadata: posted.metadata });

      // A new version of a ready document: the posted metadata shows at once, while retrieval keeps
      // serving the previous chunks under the previous metadata until the new ones replace them.
      await waitForDocument(api.url, 'slow');
      // The query's embedding is cached now, so the searches below do not wait for the provider.
      await request(api.url).post('/v1/retrieve').send({ query: 'glaciers valleys' }).expect(200);
      const revised = { ...posted, text: 'Glaciers and ice sheets carve valleys and fjords.', metadata: { topic: 'ice', draft: false } };
      await request(api.url).post('/v1/documents').send(revised).expect(202);
      const meanwhile = await request(api.url).get('/v1/documents/slow');
      expect(meanwhile.body).toMatchObject({ state: expect.stringMatching(/^(pending|processing)$/), chunkCount: 1, metadata: revised.metadata });
      const served = await request(api.url).post('/v1/retrieve').send({ query: 'glaciers valleys', filter: { draft: true }, topK: 10 });
      expect(served.body.results).toEqual([expect.objectContaining({ documentId: 'slow', text: posted.text, metadata: posted.metadata })]);
      await waitForDocument(api.url, 'slow');
      await expect(request(api.url).get('/v1/documents/slow')).resolves.toMatchObject({ body: { state: 'ready', metadata: revised.metadata } });
      const after = await request(api.url).post('/v1/retrieve').send({ query: 'glaciers valleys', filter: { draft: false }, topK: 10 });
      expect(after.body.results).toEqual([expect.objectContaining({ documentId: 'slow', text: revised.text, metadata: revised.metadata })]);
    } finally {
      fake.latencyMs = 0;
    }
  });

  it('the data survives a restart of rag-api', async () => {
    await api.close();
    api = await createApp(env());
    await expect(request(api.url).get(`/v1/documents/${DOCUMENTS[1].id}`)).resolves.toMatchObject({ status: 200, body: { state: 'ready' } });
    const found = await request(api.url).post('/v1/retrieve').send({ query: QUESTION_ABOUT_SECOND, topK: 1 });
    expect(found.body.results[0].documentId).toBe(DOCUMENTS[1].id);
  });

  describe('validation: 400 with a message naming the field', () => {
    it.each([
      ['missing text', { id: 'x' }, 'text'],
      ['text of the wrong type', { text: 42 }, 'text'],
      ['empty text', { text: '' }, 'text'],
      ['whitespace-only text', { text: ' \n\t ' }, 'text'],
      ['metadata that is an array', { text: 'a', metadata: [1] }, 'metadata'],
      ['metadata that is a string', { text: 'a', metadata: 'x' }, 'metadata'],
      ['an id too long', { text: 'a', id: 'x'.repeat(1_025) }, 'id'],
      ['an empty collection', { text: 'a', collection: '' }, 'collection'],
    ])('POST /v1/documents: %s', async (_name, body, field) => {
      const res = await request(api.url).post('/v1/documents').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ param: field, message: expect.stringContaining(field) });
    });

    it.each([
      ['missing query', { topK: 3 }, 'query'],
      ['empty query', { query: '' }, 'query'],
      ['query of the wrong type', { query: ['a'] }, 'query'],
      ['query over EMBEDDING_MAX_INPUT_CHARS', { query: 'q'.repeat(32_769) }, 'query'],
      ['topK 0', { query: 'a', topK: 0 }, 'topK'],
      ['topK 101', { query: 'a', topK: 101 }, 'topK'],
      ['topK not an integer', { query: 'a', topK: 2.5 }, 'topK'],
      ['topK as a string', { query: 'a', topK: '5' }, 'topK'],
      ['a filter with a nested object', { query: 'a', filter: { topic: { $ne: 'x' } } }, 'filter'],
      ['a filter that is an array', { query: 'a', filter: ['topic'] }, 'filter'],
    ])('POST /v1/retrieve: %s', async (_name, body, field) => {
      const res = await request(api.url).post('/v1/retrieve').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ param: field, message: expect.stringContaining(field) });
    });

    it('GET /v1/documents/:id with an empty collection', async () => {
      const res = await request(api.url).get('/v1/documents/x?collection=');
      expect(res.status).toBe(400);
      expect(res.body.error.param).toBe('collection');
    });
  });
});

describe('rag-api documents when the queue Redis is unreachable', () => {
  it('ingests inline (201), serves retrieval, and a dimension change of the store is a clear boot error', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rag-api-inline-'));
    const base = {
      REDIS_URL: 'redis://127.0.0.1:1',
      OPENAI_API_KEY: undefined,
      OPENAI_BASE_URL: undefined,
      EMBEDDING_PROVIDER: undefined,
      EMBEDDING_MODEL: undefined,
      EMBEDDING_DIMENSIONS: undefined,
      DATABASE_URL: undefined,
      VECTOR_STORE_PATH: join(dataDir, 'pglite'),
    };
    const api = await createApp(base);
    try {
      const created = await request(api.url).post('/v1/documents').send(DOCUMENTS[1]);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: DOCUMENTS[1].id, jobId: null, state: 'ready', chunkCount: expect.any(Number) });
      await request(api.url).post('/v1/documents').send(DOCUMENTS[0]).expect(201);
      const found = await request(api.url).post('/v1/retrieve').send({ query: QUESTION_ABOUT_SECOND, topK: 1 });
      expect(found.status).toBe(200);
      expect(found.body.results[0].documentId).toBe(DOCUMENTS[1].id);
      const health = await request(api.url).get('/health/ready');
      expect(health.status).toBe(200);
      expect(health.body.details.vector_store.status).toBe('up');
    } finally {
      await api.close();
    }
    // The store holds 384-dimensional vectors (local-hash-v1); a 64-dimension model must not write
    // there. Booted as its own process, as a user would: it must exit with the reason.
    const boot = await runMain({ ...base, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', EMBEDDING_DIMENSIONS: '64' });
    expect(boot.code).toBe(1);
    expect(boot.stderr).toMatch(/Dimension mismatch on collection "default".*384.*64/);
    rmSync(dataDir, { recursive: true, force: true });
    // An app in the test process and one booted as its own process (swc compiles it): on a loaded
    // machine the two boots alone took over 60 s.
  }, 180_000);
});
