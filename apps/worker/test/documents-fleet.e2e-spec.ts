// Over 250 lines on purpose: the fleet's concurrency guarantees on a real PostgreSQL (the last POST
// wins, a DELETE is never undone, readers see whole versions, a crash leaves no half-written
// document) share one expensive set-up of two rag-api and four worker processes.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { chunkText } from '@rag/vector-store';
import { WORKSPACE_ROOT, freePort, spawnApp, startPostgresServer, startRedisServer, waitFor, waitForDocument, waitForJob } from '@rag/test-utils';
import type { SpawnedApp, TestPostgresServer, TestRedisServer } from '@rag/test-utils';
import { openQueue, startWorker } from './support/fleet';

const MODEL = 'text-embedding-3-small';
const RAG_API_MAIN = 'apps/rag-api/src/main.ts';
const WORKER_MAIN = 'apps/worker/src/main.ts';

/** The README's "Documents and retrieval in production" block: its commands, and the variables it exports. */
function readmeProduction(): { commands: string[]; variables: Record<string, string> } {
  const readme = readFileSync(join(WORKSPACE_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Documents and retrieval in production'));
  const lines = (/```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.length > 0);
  const exported = lines.filter((line) => line.startsWith('export ')).map((line) => line.slice('export '.length).split('='));
  return { commands: lines.filter((line) => !line.startsWith('export ')), variables: Object.fromEntries(exported) };
}
const README = readmeProduction();
const CHUNKING = { chunkSize: 200, chunkOverlap: 40 };
const WORDS = 'granite basalt harbour lantern orchard meadow violin copper falcon glacier river comet'.split(' ');

/** A document of `paragraphs` one-sentence paragraphs (one chunk each), every sentence naming its version. */
function versionText(name: string, version: number, paragraphs: number): string {
  return Array.from(
    { length: paragraphs },
    (_, i) => `Version ${version} of ${name}, paragraph ${i}: ${Array.from({ length: 8 }, (_, w) => WORDS[(version * 7 + i * 3 + w) % WORDS.length]).join(' ')}.`,
  ).join('\n\n');
}

/** The chunks the store must hold for `text`, as `{ ordinal, text }` rows. */
function expectedChunks(text: string): Array<{ ordinal: number; text: string }> {
  return chunkText(text, CHUNKING).map((chunk, ordinal) => ({ ordinal, text: chunk }));
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function send(method: 'POST' | 'DELETE', url: string, body?: unknown): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** `embedding_jobs_total{outcome="completed",name="ingest-document"}` of a worker, read from its /metrics. */
async function completedJobs(worker: SpawnedApp): Promise<number> {
  const text = await (await fetch(`${worker.url}/metrics`)).text();
  const match = /^embedding_jobs_total\{outcome="completed",name="ingest-document"\} (\d+)/m.exec(text);
  return match ? Number(match[1]) : 0;
}

/** The README's production variables, its URLs pointing at the private servers, plus the test's provider and timings. */
function providerEnv(redis: TestRedisServer, pg: TestPostgresServer, fake: FakeOpenAIServer): Record<string, string> {
  return {
    ...README.variables,
    REDIS_URL: redis.url,
    DATABASE_URL: pg.url,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.baseURL,
    EMBEDDING_MODEL: MODEL,
    EMBEDDING_DIMENSIONS: '384',
    CHUNK_SIZE: String(CHUNKING.chunkSize),
    CHUNK_OVERLAP: String(CHUNKING.chunkOverlap),
    // A crashed worker's job is taken again 5-6 s later instead of 30-60 s.
    WORKER_LOCK_DURATION_MS: '5000',
    WORKER_STALLED_INTERVAL_MS: '1000',
  };
}

async function startApi(env: Record<string, string>): Promise<SpawnedApp> {
  const port = await freePort();
  return spawnApp(RAG_API_MAIN, { ...env, PORT: String(port) }, `http://127.0.0.1:${port}/health/live`);
}

async function stopAll(apps: Array<SpawnedApp | undefined>): Promise<void> {
  for (const app of apps) app?.kill('SIGTERM');
  await Promise.all(apps.map((app) => app?.exited));
}

describe('a fleet on a real PostgreSQL with pgvector: 2 rag-api replicas and 4 workers, pools of 10', () => {
  let redis: TestRedisServer;
  let pg: TestPostgresServer;
  let fake: FakeOpenAIServer;
  let db: Client;
  let apis: SpawnedApp[] = [];
  let workers: SpawnedApp[] = [];

  const storedChunks = async (collection: string, id: string) =>
    (
      await db.query<{ ordinal: number; text: string }>(
        'SELECT ordinal, text FROM vector_store.chunks_d384 WHERE collection = $1 AND document_id = $2 ORDER BY ordinal',
        [collection, id],
      )
    ).rows;
  const finished = (jobIds: unknown[]) => Promise.all(jobIds.map((id) => waitForJob(apis[0].url, String(id), 90_000)));

  beforeAll(async () => {
    redis = await startRedisServer();
    pg = await startPostgresServer();
    fake = await FakeOpenAIServer.start({ dimensions: 384 });
    db = new Client({ connectionString: pg.url });
    await db.connect();
    const env = providerEnv(redis, pg, fake);
    // One replica first, so that the schema is created before the others connect.
    apis = [await startApi(env)];
    [apis[1], ...workers] = await Promise.all([startApi(env), ...Array.from({ length: 4 }, () => startWorker(env))]);
  }, 180_000);

  afterAll(async () => {
    await stopAll([...apis, ...workers]);
    await db?.end();
    await fake?.close();
    await pg?.stop();
    await redis?.stop();
  });

  beforeEach(() => {
    fake.reset();
    fake.latencyMs = 0;
  });

  it("runs the README's production section: its install step, its variables, the entry points of its commands", async () => {
    expect(README.commands).toEqual(['bash .ci/install-postgres.sh', 'npm start', 'npm run start:worker']);
    expect(Object.keys(README.variables).sort()).toEqual(['DATABASE_URL', 'REDIS_URL', 'VECTOR_STORE_POOL_SIZE']);
    // The install step finds the server and pgvector these tests run on, and does nothing else.
    const { stdout } = await promisify(execFile)('bash', ['.ci/install-postgres.sh'], { cwd: WORKSPACE_ROOT });
    expect(stdout).toMatch(new RegExp(`^PostgreSQL \\d+ \\(${pg.binDir}\\) with pgvector \\d+\\.\\d+\\.\\d+\\n$`));
    // npm start / npm run start:worker run the built entry points this suite spawns from source.
    const scripts = (JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const startCommand = (project: string) =>
      (JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'apps', project, 'project.json'), 'utf8')) as { targets: { start: { options: { command: string } } } })
        .targets.start.options.command;
    expect(scripts['start']).toMatch(/^nx run rag-api:start\b/);
    expect(scripts['start:worker']).toMatch(/^nx run worker:start\b/);
    expect(startCommand('rag-api')).toBe(`node dist/apps/rag-api/${RAG_API_MAIN.replace(/\.ts$/, '.js')}`);
    expect(startCommand('worker')).toBe(`node dist/apps/worker/${WORKER_MAIN.replace(/\.ts$/, '.js')}`);
  });

  it('one document posted 8 times through both replicas, ingested by 4 workers at once: the last POST wins, never a mix', async () => {
    // Each embedding call takes 300 ms, so the 8 jobs are in the workers at the same time.
    fake.latencyMs = 300;
    const before = await Promise.all(workers.map(completedJobs));
    const versions = Array.from({ length: 8 }, (_, v) => ({ id: 'contended', text: versionText('contended', v, 2 + v), metadata: { v } }));
    const answers: Answer[] = [];
    for (const [v, body] of versions.entries()) answers.push(await send('POST', `${apis[v % 2].url}/v1/documents`, body));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));

    const jobs = await finished(answers.map((a) => a.body['jobId']));
    expect(jobs.map((job) => job['state'])).toEqual(Array(8).fill('completed'));
    expect(jobs[7]['summary']).toMatchObject({ outcome: 'ingested' });
    for (const job of jobs.slice(0, 7)) expect(['superseded', 'ingested']).toContain((job['summary'] as { outcome: string }).outcome);
    await expect(storedChunks('default', 'contended')).resolves.toEqual(expectedChunks(versions[7].text));
    const doc = await (await fetch(`${apis[1].url}/v1/documents/contended`)).json();
    expect(doc).toMatchObject({ state: 'ready', chunkCount: expectedChunks(versions[7].text).length, metadata: { v: 7 } });

    // The jobs really ran side by side, in more than one worker process.
    expect(fake.maxConcurrency).toBeGreaterThan(1);
    const after = await Promise.all(workers.map(completedJobs));
    expect(after.filter((n, i) => n > before[i]).length).toBeGreaterThan(1);
  });

  it('8 POSTs of one document at the same instant: the one whose token was recorded last wins, whole', async () => {
    fake.latencyMs = 300;
    const versions = Array.from({ length: 8 }, (_, v) => ({ id: 'simultaneous', text: versionText('simultaneous', v, 2 + v), metadata: { v } }));
    const answers = await Promise.all(versions.map((body, v) => send('POST', `${apis[v % 2].url}/v1/documents`, body)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    const jobs = await finished(answers.map((a) => a.body['jobId']));
    expect(jobs.map((job) => job['state'])).toEqual(Array(8).fill('completed'));

    const { rows } = await db.query<{ ingest_token: string }>(
      "SELECT ingest_token FROM vector_store.documents WHERE collection = 'default' AND id = 'simultaneous'",
    );
    const { queue, close } = openQueue(redis.url);
    let tokens: Array<string | undefined>;
    try {
      tokens = await Promise.all(answers.map(async (a) => ((await queue.getJob(String(a.body['jobId'])))?.data as { token?: string }).token));
    } finally {
      await close();
    }
    const winner = tokens.indexOf(rows[0].ingest_token);
    expect(winner).toBeGreaterThanOrEqual(0);
    expect(jobs[winner]['summary']).toMatchObject({ outcome: 'ingested' });
    await expect(storedChunks('default', 'simultaneous')).resolves.toEqual(expectedChunks(versions[winner].text));
    const doc = await (await fetch(`${apis[0].url}/v1/documents/simultaneous`)).json();
    expect(doc).toMatchObject({ state: 'ready', metadata: { v: winner } });
  });

  it('POST and DELETE of a new document raced through the two replicas: a DELETE that found it is never undone', async () => {
    fake.latencyMs = 100;
    const ids = Array.from({ length: 16 }, (_, i) => `raced-${i}`);
    const races = await Promise.all(
      ids.map(async (id, i) => {
        const [created, deleted] = await Promise.all([
          send('POST', `${apis[i % 2].url}/v1/documents`, { id, collection: 'races', text: versionText(id, 0, 2) }),
          // Staggered by 0-15 ms, so that both orders happen.
          new Promise((r) => setTimeout(r, i)).then(() => send('DELETE', `${apis[(i + 1) % 2].url}/v1/documents/${id}?collection=races`)),
        ]);
        return { id, created, deleted };
      }),
    );
    expect(races.map((r) => r.created.status)).toEqual(Array(16).fill(202));
    const jobs = await finished(races.map((r) => r.created.body['jobId']));
    const orders = { 'DELETE before the job wrote': 0, 'DELETE after the job wrote': 0, 'DELETE before the POST': 0 };
    for (const [i, { id, deleted }] of races.entries()) {
      expect([204, 404]).toContain(deleted.status);
      const res = await fetch(`${apis[0].url}/v1/documents/${id}?collection=races`);
      const { outcome } = jobs[i]['summary'] as { outcome: string };
      expect(jobs[i]['state']).toBe('completed');
      if (deleted.status === 204) {
        // The DELETE found the document (pending, or already ingested): it stays deleted, its job
        // reporting 'deleted' unless it had written before the DELETE.
        orders[outcome === 'deleted' ? 'DELETE before the job wrote' : 'DELETE after the job wrote'] += 1;
        expect(['deleted', 'ingested']).toContain(outcome);
        expect(res.status).toBe(404);
        await expect(storedChunks('races', id)).resolves.toEqual([]);
      } else {
        // The DELETE came first and found nothing: the POST is the later request, and stands.
        orders['DELETE before the POST'] += 1;
        expect(outcome).toBe('ingested');
        expect(res.status).toBe(200);
        await expect(storedChunks('races', id)).resolves.toEqual(expectedChunks(versionText(id, 0, 2)));
      }
    }
    process.stdout.write(`POST/DELETE races: ${JSON.stringify(orders)}\n`);
  });

  it('searches through both replicas while a document is re-ingested 8 times see a whole version each time, never a mix or none', async () => {
    const id = 'evolving';
    const collection = 'evolving';
    const text = (v: number) => versionText(id, v, 3 + (v % 4));
    const versionOf = (chunk: string) => Number(/^Version (\d+) of evolving/.exec(chunk)?.[1]);
    await send('POST', `${apis[0].url}/v1/documents`, { id, collection, text: text(0) });
    await waitForDocument(apis[0].url, id, collection);
    const query = { query: 'Version of evolving paragraph granite harbour', collection, topK: 50 };
    // The query's embedding is computed once, then cached: the readers only search.
    expect((await send('POST', `${apis[0].url}/v1/retrieve`, query)).status).toBe(200);

    let writing = true;
    const seen: string[][] = [];
    const reader = async (api: SpawnedApp): Promise<void> => {
      while (writing) {
        const answer = await send('POST', `${api.url}/v1/retrieve`, query);
        expect(answer.status).toBe(200);
        seen.push((answer.body['results'] as Array<{ text: string }>).map((r) => r.text));
      }
    };
    const readers = [apis[0], apis[1], apis[0], apis[1]].map(reader);
    try {
      for (let v = 1; v <= 8; v++) {
        expect((await send('POST', `${apis[v % 2].url}/v1/documents`, { id, collection, text: text(v) })).status).toBe(202);
        await waitFor(async () => (await storedChunks(collection, id)).every((row) => versionOf(row.text) === v), {
          timeoutMs: 30_000,
          description: `version ${v} stored`,
        });
      }
    } finally {
      writing = false;
    }
    await Promise.all(readers);

    expect(seen.length).toBeGreaterThan(16);
    const versionsSeen = new Set<number>();
    for (const texts of seen) {
      const versions = new Set(texts.map(versionOf));
      expect(versions.size).toBe(1);
      const [v] = versions;
      versionsSeen.add(v);
      expect([...texts].sort()).toEqual(chunkText(text(v), CHUNKING).sort());
    }
    expect(versionsSeen.size).toBeGreaterThan(1);
  });
});

describe('a worker killed with SIGKILL while it writes a document (real PostgreSQL with pgvector)', () => {
  let redis: TestRedisServer;
  let pg: TestPostgresServer;
  let fake: FakeOpenAIServer;
  let db: Client;
  let api: SpawnedApp | undefined;
  let doomed: SpawnedApp | undefined;
  let survivor: SpawnedApp | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    pg = await startPostgresServer();
    fake = await FakeOpenAIServer.start({ dimensions: 384 });
    db = new Client({ connectionString: pg.url });
    await db.connect();
  });

  afterAll(async () => {
    await stopAll([api, doomed, survivor]);
    await db?.end();
    await fake?.close();
    await pg?.stop();
    await redis?.stop();
  });

  it('the old chunks stay whole until the retry by another worker stores exactly the new ones', async () => {
    const env = providerEnv(redis, pg, fake);
    api = await startApi(env);
    doomed = await startWorker(env);
    const stored = async () =>
      (await db.query<{ ordinal: number; text: string }>("SELECT ordinal, text FROM vector_store.chunks_d384 WHERE document_id = 'large' ORDER BY ordinal")).rows;
    const first = versionText('large', 1, 20);
    const answer = await send('POST', `${api.url}/v1/documents`, { id: 'large', text: first });
    await waitForDocument(api.url, 'large');
    await expect(stored()).resolves.toEqual(expectedChunks(first));

    // 2,000 chunks: the transaction that replaces them lasts seconds (HNSW inserts), time to kill it.
    const second = versionText('large', 2, 2_000);
    const posted = await send('POST', `${api.url}/v1/documents`, { id: 'large', text: second });
    expect([answer.status, posted.status]).toEqual([202, 202]);
    let writer = 0;
    await waitFor(
      async () => {
        const { rows } = await db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE application_name = 'rag-vector-store' AND backend_xid IS NOT NULL AND query LIKE 'INSERT INTO "vector_store".chunks_d384%'`,
        );
        writer = rows[0]?.pid ?? 0;
        return writer !== 0;
      },
      { timeoutMs: 60_000, intervalMs: 5, description: 'the worker inside the transaction that writes the chunks' },
    );
    doomed.kill('SIGKILL');
    await doomed.exited;
    await waitFor(async () => (await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [writer])).rows.length === 0, {
      timeoutMs: 10_000,
      description: 'the server to end the dead worker’s session',
    });

    // Rolled back: the document still serves exactly the first version.
    await expect(stored()).resolves.toEqual(expectedChunks(first));
    const during = await (await fetch(`${api.url}/v1/documents/large`)).json();
    expect(during).toMatchObject({ state: 'processing', chunkCount: expectedChunks(first).length });

    survivor = await startWorker(env);
    const job = await waitForJob(api.url, String(posted.body['jobId']), 90_000);
    expect(job).toMatchObject({ state: 'completed', summary: { outcome: 'ingested', chunks: expectedChunks(second).length } });
    await expect(stored()).resolves.toEqual(expectedChunks(second));
    const after = await (await fetch(`${api.url}/v1/documents/large`)).json();
    expect(after).toMatchObject({ state: 'ready', chunkCount: expectedChunks(second).length });
  });
});
