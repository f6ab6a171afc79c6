// Over 250 lines on purpose: the table of every route × status is the point of this suite, and
// one pair of booted apps serves it all; split, each part would pay for the boots again.
import { getQueueToken } from '@nestjs/bullmq';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import request from 'supertest';
import type { Response } from 'supertest';
import { EMBEDDING_JOBS_QUEUE, INGEST_DOCUMENT_JOB } from '@rag/embedding-jobs';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { startRedisServer, waitForDocument, waitForJob } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { DimensionMismatchError, VectorStore, VectorStoreQueryError } from '@rag/vector-store';
import { DocumentsService } from '../src/documents/documents.service';
import { EmbeddingJobsService } from '../src/embedding-jobs/embedding-jobs.service';
import { EmbeddingsService } from '../src/embeddings/embeddings.service';
import { ModelsService } from '../src/models/models.service';
import { RetrievalService } from '../src/retrieval/retrieval.service';
import { createApp } from './support/create-app';
import type { TestApp } from './support/create-app';
import { OpenApiContract } from './support/openapi-contract';

const MODEL = 'text-embedding-3-small';
/** Keys of the `keyed` app: one with no permission at all, one of 1 request per minute. */
const NO_PERMISSION_KEY = 'sk-contract-none';
const LIMITED_KEY = 'sk-contract-limited';
const OVERSIZED = JSON.stringify({ input: Array.from({ length: 400 }, () => 'y'.repeat(30_000)) });

/** One real exchange: the route as the document names it, the status it must produce, and how. */
interface ContractCase {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  status: number;
  send: () => Promise<Response>;
}

/**
 * Every route and every status it can produce, validated against the served /docs/openapi.json
 * with ajv. Statuses come from real triggers where a test can make them (validation, unknown ids,
 * an unreachable queue Redis, a failing provider); the vector store's 409/503 and the generic 500
 * are thrown by a spied method, so the body still comes from the real error filter.
 */
describe('the served OpenAPI document is the contract of every route (real Redis, PGlite, fake provider)', () => {
  let redis: TestRedisServer;
  let fake: FakeOpenAIServer;
  let api: TestApp;
  /** Queue and cache Redis unreachable, cache required: the 503s, and documents ingested inline. */
  let down: TestApp;
  /** With RAG_API_KEYS_FILE: the 401s, 403s and 429s. */
  let keyed: TestApp;
  let contract: OpenApiContract;
  const observed = new Set<string>();

  const env = (redisUrl: string): Record<string, string | undefined> => ({
    REDIS_URL: redisUrl,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_MAX_RETRIES: '0',
    EMBEDDING_MODEL: MODEL,
    EMBEDDING_DIMENSIONS: '384',
    DATABASE_URL: undefined,
    JOBS_IN_PROCESS: undefined,
    CHUNK_SIZE: '200',
    CHUNK_OVERLAP: '40',
  });

  beforeAll(async () => {
    redis = await startRedisServer();
    fake = await FakeOpenAIServer.start({ dimensions: 384 });
    api = await createApp(env(redis.url));
    down = await createApp({ ...env('redis://127.0.0.1:1'), EMBEDDING_CACHE_REQUIRED: 'true' });
    const keysFile = join(mkdtempSync(join(tmpdir(), 'rag-contract-')), 'keys.json');
    const digest = (key: string): string => createHash('sha256').update(key).digest('hex');
    const all = ['embed', 'read', 'write', 'jobs'];
    writeFileSync(
      keysFile,
      JSON.stringify({
        keys: [
          { id: 'none', sha256: digest(NO_PERMISSION_KEY), collections: ['*'], permissions: [] },
          { id: 'limited', sha256: digest(LIMITED_KEY), collections: ['*'], permissions: all, requestsPerMinute: 1 },
        ],
      }),
    );
    keyed = await createApp({ ...env(redis.url), RAG_API_KEYS_FILE: keysFile });
    const doc = await request(api.url).get('/docs/openapi.json').expect(200);
    contract = new OpenApiContract(doc.body);
    await request(api.url).post('/v1/documents').send({ id: 'kept', text: 'Sourdough needs a lively starter and a long, cool rise.' }).expect(202);
    await waitForDocument(api.url, 'kept');
  });

  afterAll(async () => {
    await api?.close();
    await down?.close();
    await keyed?.close();
    await fake?.close();
    await redis?.stop();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    fake.reset();
  });

  const post = (app: () => TestApp, path: string, body: object) => () => request(app().url).post(path).send(body);
  const raw = (app: () => TestApp, path: string, body: string, type: string) => () => request(app().url).post(path).set('content-type', type).send(body);
  const get = (app: () => TestApp, path: string) => () => request(app().url).get(path);
  const del = (app: () => TestApp, path: string) => () => request(app().url).delete(path);
  const main = (): TestApp => api;
  const unreachable = (): TestApp => down;
  /** Makes `method` of the app's `type` provider throw `error` once, then sends. */
  const failing =
    <T extends object>(app: () => TestApp, type: abstract new (...args: never[]) => T, method: keyof T & string, error: Error, send: () => Promise<Response>) =>
    () => {
      jest.spyOn(app().app.get(type as never) as T, method as never).mockImplementationOnce((() => {
        throw error;
      }) as never);
      return send();
    };
  const boom = new Error('boom: unexpected');
  const storeDown = new VectorStoreQueryError('query', undefined, 'connection refused');
  const otherDims = (operation: string): DimensionMismatchError => new DimensionMismatchError('default', 1536, 384, operation);
  /** A completed job of each kind and a failed one, made for real by the in-process processor. */
  const job = (make: () => Promise<string>) => async () => {
    const id = await make();
    await waitForJob(api.url, id);
    return request(api.url).get(`/v1/embedding-jobs/${id}`);
  };

  /** The keyed app's answer with `key` (or none); for the limited key, the first 429 of up to two requests (its 1 per minute). */
  const withKey =
    (method: 'GET' | 'POST' | 'DELETE', path: string, body: object | undefined, key?: string) =>
    async (): Promise<Response> => {
      const send = (): Promise<Response> => {
        const req = method === 'GET' ? request(keyed.url).get(path) : method === 'DELETE' ? request(keyed.url).delete(path) : request(keyed.url).post(path).send(body);
        return key === undefined ? req : req.set('authorization', `Bearer ${key}`);
      };
      const first = await send();
      return key === LIMITED_KEY && first.status !== 429 ? send() : first;
    };
  /** Every route behind a key: 401 without one, 403 without its permission, 429 over the key's limit. */
  const keyCases: ContractCase[] = (
    [
      ['POST', '/v1/embeddings', '/v1/embeddings', { input: 'x' }],
      ['GET', '/v1/models', '/v1/models', undefined],
      ['GET', '/v1/models/{id}', `/v1/models/${MODEL}`, undefined],
      ['POST', '/v1/embedding-jobs', '/v1/embedding-jobs', { texts: ['x'] }],
      ['GET', '/v1/embedding-jobs/{id}', '/v1/embedding-jobs/no-such-job', undefined],
      ['POST', '/v1/documents', '/v1/documents', { text: 'x' }],
      ['GET', '/v1/documents/{id}', '/v1/documents/kept', undefined],
      ['DELETE', '/v1/documents/{id}', '/v1/documents/kept', undefined],
      ['POST', '/v1/retrieve', '/v1/retrieve', { query: 'q' }],
    ] as const
  ).flatMap(([method, path, url, body]) => [
    { name: 'no API key', method, path, status: 401, send: withKey(method, url, body) },
    { name: 'key without the permission', method, path, status: 403, send: withKey(method, url, body, NO_PERMISSION_KEY) },
    { name: "key over its requestsPerMinute", method, path, status: 429, send: withKey(method, url, body, LIMITED_KEY) },
  ]);

  const cases: ContractCase[] = [
    ...keyCases,
    { name: 'no API key', method: 'GET', path: '/health', status: 401, send: withKey('GET', '/health', undefined) },
    { name: 'no API key', method: 'GET', path: '/metrics', status: 401, send: withKey('GET', '/metrics', undefined) },
    // POST /v1/embeddings
    { name: 'float vectors', method: 'POST', path: '/v1/embeddings', status: 200, send: post(main, '/v1/embeddings', { input: 'hello' }) },
    { name: 'base64 vectors', method: 'POST', path: '/v1/embeddings', status: 200, send: post(main, '/v1/embeddings', { input: ['a', 'b'], encoding_format: 'base64' }) },
    { name: 'empty input', method: 'POST', path: '/v1/embeddings', status: 400, send: post(main, '/v1/embeddings', { input: '' }) },
    { name: 'another model', method: 'POST', path: '/v1/embeddings', status: 400, send: post(main, '/v1/embeddings', { input: 'x', model: 'nope' }) },
    { name: 'malformed JSON', method: 'POST', path: '/v1/embeddings', status: 400, send: raw(main, '/v1/embeddings', '{"input":', 'application/json') },
    { name: 'body over 10 MB', method: 'POST', path: '/v1/embeddings', status: 413, send: raw(main, '/v1/embeddings', OVERSIZED, 'application/json') },
    { name: 'form body', method: 'POST', path: '/v1/embeddings', status: 415, send: raw(main, '/v1/embeddings', 'input=hello', 'application/x-www-form-urlencoded') },
    { name: 'NUL in input', method: 'POST', path: '/v1/embeddings', status: 400, send: raw(main, '/v1/embeddings', '{"input":["a","\\u0000"]}', 'application/json') },
    { name: 'UTF-16 body', method: 'POST', path: '/v1/embeddings', status: 415, send: raw(main, '/v1/embeddings', '{}', 'application/json; charset=utf-16le') },
    {
      name: 'provider fails',
      method: 'POST',
      path: '/v1/embeddings',
      status: 502,
      send: () => (fake.failNext({ status: 500, message: 'upstream exploded' }), post(main, '/v1/embeddings', { input: 'provider down' })()),
    },
    {
      name: 'provider returns an invalid vector',
      method: 'POST',
      path: '/v1/embeddings',
      status: 502,
      send: () => (fake.corruptNext('nan'), post(main, '/v1/embeddings', { input: 'provider answers NaN' })()),
    },
    { name: 'unexpected error', method: 'POST', path: '/v1/embeddings', status: 500, send: failing(main, EmbeddingsService, 'embed', boom, post(main, '/v1/embeddings', { input: 'x' })) },
    // GET /v1/models and /v1/models/{id}
    { name: 'the served model', method: 'GET', path: '/v1/models', status: 200, send: get(main, '/v1/models') },
    { name: 'unknown query parameter', method: 'GET', path: '/v1/models', status: 400, send: get(main, '/v1/models?limit=1') },
    { name: 'unexpected error', method: 'GET', path: '/v1/models', status: 500, send: failing(main, ModelsService, 'list', boom, get(main, '/v1/models')) },
    { name: 'the served model', method: 'GET', path: '/v1/models/{id}', status: 200, send: get(main, `/v1/models/${MODEL}`) },
    { name: 'unknown model', method: 'GET', path: '/v1/models/{id}', status: 404, send: get(main, '/v1/models/text-embedding-ada-002') },
    { name: 'NUL in the id', method: 'GET', path: '/v1/models/{id}', status: 400, send: get(main, '/v1/models/x%00') },
    { name: 'unexpected error', method: 'GET', path: '/v1/models/{id}', status: 500, send: failing(main, ModelsService, 'get', boom, get(main, `/v1/models/${MODEL}`)) },
    // POST /v1/embedding-jobs
    { name: 'queued', method: 'POST', path: '/v1/embedding-jobs', status: 202, send: post(main, '/v1/embedding-jobs', { texts: ['one', 'two'] }) },
    { name: 'no texts', method: 'POST', path: '/v1/embedding-jobs', status: 400, send: post(main, '/v1/embedding-jobs', { texts: [] }) },
    { name: 'body over 10 MB', method: 'POST', path: '/v1/embedding-jobs', status: 413, send: raw(main, '/v1/embedding-jobs', OVERSIZED, 'application/json') },
    { name: 'form body', method: 'POST', path: '/v1/embedding-jobs', status: 415, send: raw(main, '/v1/embedding-jobs', 'input=hello', 'application/x-www-form-urlencoded') },
    { name: 'queue unreachable', method: 'POST', path: '/v1/embedding-jobs', status: 503, send: post(unreachable, '/v1/embedding-jobs', { texts: ['later'] }) },
    {
      name: 'unexpected error',
      method: 'POST',
      path: '/v1/embedding-jobs',
      status: 500,
      send: failing(main, EmbeddingJobsService, 'create', boom, post(main, '/v1/embedding-jobs', { texts: ['x'] })),
    },
    // GET /v1/embedding-jobs/{id}
    {
      name: 'completed embed-texts job',
      method: 'GET',
      path: '/v1/embedding-jobs/{id}',
      status: 200,
      send: job(async () => (await request(api.url).post('/v1/embedding-jobs').send({ texts: ['job one', 'job two', 'job three'] })).body.id),
    },
    {
      name: 'completed ingest-document job',
      method: 'GET',
      path: '/v1/embedding-jobs/{id}',
      status: 200,
      send: job(async () => (await request(api.url).post('/v1/documents').send({ id: 'long', text: 'Long text about rivers. '.repeat(40) })).body.jobId),
    },
    {
      name: 'failed ingest-document job',
      method: 'GET',
      path: '/v1/embedding-jobs/{id}',
      status: 200,
      send: job(async () => {
        const queue = api.app.get<Queue>(getQueueToken(EMBEDDING_JOBS_QUEUE));
        return String((await queue.add(INGEST_DOCUMENT_JOB, { collection: 'default', id: 'blank', text: ' ', metadata: {} })).id);
      }),
    },
    { name: 'unknown job', method: 'GET', path: '/v1/embedding-jobs/{id}', status: 404, send: get(main, '/v1/embedding-jobs/no-such-job') },
    { name: 'unknown query parameter', method: 'GET', path: '/v1/embedding-jobs/{id}', status: 400, send: get(main, '/v1/embedding-jobs/1?verbose=1') },
    { name: 'queue unreachable', method: 'GET', path: '/v1/embedding-jobs/{id}', status: 503, send: get(unreachable, '/v1/embedding-jobs/1') },
    {
      name: 'unexpected error',
      method: 'GET',
      path: '/v1/embedding-jobs/{id}',
      status: 500,
      send: failing(main, EmbeddingJobsService, 'get', boom, get(main, '/v1/embedding-jobs/1')),
    },
    // POST /v1/documents
    { name: 'queued', method: 'POST', path: '/v1/documents', status: 202, send: post(main, '/v1/documents', { id: 'queued', text: 'Tides follow the moon.' }) },
    { name: 'inline (queue unreachable)', method: 'POST', path: '/v1/documents', status: 201, send: post(unreachable, '/v1/documents', { id: 'inline', text: 'Kites need wind.' }) },
    { name: 'blank text', method: 'POST', path: '/v1/documents', status: 400, send: post(main, '/v1/documents', { text: ' ' }) },
    {
      name: 'metadata nested too deeply',
      method: 'POST',
      path: '/v1/documents',
      status: 400,
      send: raw(main, '/v1/documents', `{"text":"t","metadata":{"a":${'['.repeat(1000)}${']'.repeat(1000)}}}`, 'application/json'),
    },
    {
      name: 'collection of other dimensions (inline)',
      method: 'POST',
      path: '/v1/documents',
      status: 409,
      send: failing(unreachable, VectorStore, 'upsertDocumentIfCurrent', otherDims('upsert'), post(unreachable, '/v1/documents', { id: 'dims', text: 'Other dims.' })),
    },
    { name: 'body over 10 MB', method: 'POST', path: '/v1/documents', status: 413, send: raw(main, '/v1/documents', OVERSIZED, 'application/json') },
    { name: 'form body', method: 'POST', path: '/v1/documents', status: 415, send: raw(main, '/v1/documents', 'input=hello', 'application/x-www-form-urlencoded') },
    {
      name: 'provider fails (inline)',
      method: 'POST',
      path: '/v1/documents',
      status: 502,
      send: () => (fake.failNext(500), post(unreachable, '/v1/documents', { id: 'unlucky', text: 'The provider is down today.' })()),
    },
    {
      name: 'vector store unavailable',
      method: 'POST',
      path: '/v1/documents',
      status: 503,
      send: failing(main, VectorStore, 'setDocumentState', storeDown, post(main, '/v1/documents', { text: 'Store down.' })),
    },
    { name: 'unexpected error', method: 'POST', path: '/v1/documents', status: 500, send: failing(main, DocumentsService, 'create', boom, post(main, '/v1/documents', { text: 'x' })) },
    // GET and DELETE /v1/documents/{id}
    { name: 'a document', method: 'GET', path: '/v1/documents/{id}', status: 200, send: get(main, '/v1/documents/kept') },
    { name: 'empty collection', method: 'GET', path: '/v1/documents/{id}', status: 400, send: get(main, '/v1/documents/kept?collection=') },
    { name: 'unknown document', method: 'GET', path: '/v1/documents/{id}', status: 404, send: get(main, '/v1/documents/missing') },
    { name: 'vector store unavailable', method: 'GET', path: '/v1/documents/{id}', status: 503, send: failing(main, VectorStore, 'getDocument', storeDown, get(main, '/v1/documents/kept')) },
    { name: 'unexpected error', method: 'GET', path: '/v1/documents/{id}', status: 500, send: failing(main, DocumentsService, 'get', boom, get(main, '/v1/documents/kept')) },
    { name: 'deleted', method: 'DELETE', path: '/v1/documents/{id}', status: 204, send: del(main, '/v1/documents/queued') },
    { name: 'empty collection', method: 'DELETE', path: '/v1/documents/{id}', status: 400, send: del(main, '/v1/documents/kept?collection=') },
    { name: 'id not UTF-8', method: 'DELETE', path: '/v1/documents/{id}', status: 400, send: del(main, '/v1/documents/%ED%A0%80') },
    { name: 'unknown document', method: 'DELETE', path: '/v1/documents/{id}', status: 404, send: del(main, '/v1/documents/missing') },
    {
      name: 'vector store unavailable',
      method: 'DELETE',
      path: '/v1/documents/{id}',
      status: 503,
      send: failing(main, VectorStore, 'deleteDocument', storeDown, del(main, '/v1/documents/kept')),
    },
    { name: 'unexpected error', method: 'DELETE', path: '/v1/documents/{id}', status: 500, send: failing(main, DocumentsService, 'delete', boom, del(main, '/v1/documents/kept')) },
    // POST /v1/retrieve
    { name: 'nearest chunks', method: 'POST', path: '/v1/retrieve', status: 200, send: post(main, '/v1/retrieve', { query: 'sourdough starter', topK: 2 }) },
    { name: 'empty query', method: 'POST', path: '/v1/retrieve', status: 400, send: post(main, '/v1/retrieve', { query: '' }) },
    { name: 'reserved filter key', method: 'POST', path: '/v1/retrieve', status: 400, send: raw(main, '/v1/retrieve', '{"query":"q","filter":{"prototype":"v2"}}', 'application/json') },
    { name: 'other dimensions', method: 'POST', path: '/v1/retrieve', status: 409, send: failing(main, VectorStore, 'search', otherDims('search'), post(main, '/v1/retrieve', { query: 'q' })) },
    { name: 'body over 10 MB', method: 'POST', path: '/v1/retrieve', status: 413, send: raw(main, '/v1/retrieve', OVERSIZED, 'application/json') },
    { name: 'form body', method: 'POST', path: '/v1/retrieve', status: 415, send: raw(main, '/v1/retrieve', 'input=hello', 'application/x-www-form-urlencoded') },
    {
      name: 'provider fails',
      method: 'POST',
      path: '/v1/retrieve',
      status: 502,
      send: () => (fake.failNext(500), post(main, '/v1/retrieve', { query: 'never asked before' })()),
    },
    { name: 'vector store unavailable', method: 'POST', path: '/v1/retrieve', status: 503, send: failing(main, VectorStore, 'search', storeDown, post(main, '/v1/retrieve', { query: 'q' })) },
    { name: 'unexpected error', method: 'POST', path: '/v1/retrieve', status: 500, send: failing(main, RetrievalService, 'retrieve', boom, post(main, '/v1/retrieve', { query: 'q' })) },
    // Health and metrics
    { name: 'live', method: 'GET', path: '/health/live', status: 200, send: get(main, '/health/live') },
    { name: 'unknown query parameter', method: 'GET', path: '/health/live', status: 400, send: get(main, '/health/live?verbose') },
    { name: 'ready', method: 'GET', path: '/health/ready', status: 200, send: get(main, '/health/ready') },
    { name: 'unknown query parameter', method: 'GET', path: '/health/ready', status: 400, send: get(main, '/health/ready?x=1') },
    { name: 'required cache down', method: 'GET', path: '/health/ready', status: 503, send: get(unreachable, '/health/ready') },
    { name: 'all up', method: 'GET', path: '/health', status: 200, send: get(main, '/health') },
    { name: 'cache down', method: 'GET', path: '/health', status: 503, send: get(unreachable, '/health') },
    { name: 'unknown query parameter', method: 'GET', path: '/health', status: 400, send: get(main, '/health?x=1') },
    { name: 'Prometheus text', method: 'GET', path: '/metrics', status: 200, send: get(main, '/metrics') },
    { name: 'unknown query parameter', method: 'GET', path: '/metrics', status: 400, send: get(main, '/metrics?name[]=x') },
  ];

  it.each(cases)('$method $path → $status: $name', async ({ method, path, status, send }) => {
    const res = await send();

    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    expect(contract.check(method, path, res)).toEqual([]);
    if (status === 429) expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    const headers = Object.keys((contract.operation(method, path)?.['responses'] as Record<string, { headers?: object }>)[String(status)]?.headers ?? {});
    // A header served but not declared is drift as much as a body field.
    if (!headers.includes('X-Embedding-Cache')) expect(res.headers['x-embedding-cache']).toBeUndefined();
    observed.add(`${method} ${path} ${status}`);
  });

  it('an ingest-document job reports its chunks as its total, and embed-texts its texts', async () => {
    const text = 'Long text about rivers. '.repeat(40);
    const queued = await request(api.url).post('/v1/documents').send({ id: 'totals', text }).expect(202);
    const done = await waitForJob(api.url, queued.body.jobId);
    expect(done).toMatchObject({ name: 'ingest-document', state: 'completed', summary: { outcome: 'ingested' } });
    expect((done['summary'] as { chunks: number }).chunks).toBeGreaterThan(1);
    expect(done['total']).toBe((done['summary'] as { chunks: number }).chunks);

    const texts = await request(api.url).post('/v1/embedding-jobs').send({ texts: ['a', 'b', 'c'] }).expect(202);
    await expect(waitForJob(api.url, texts.body.id)).resolves.toMatchObject({ name: 'embed-texts', total: 3, summary: { total: 3 } });
  });

  it('the document lists every route, and every status it declares was produced above', () => {
    const declared = contract.declared().map((d) => `${d.method} ${d.path} ${d.status}`);
    const routes = new Set(contract.declared().map((d) => `${d.method} ${d.path}`));
    const known = ['POST /v1/embeddings', 'GET /v1/models', 'GET /v1/models/{id}', 'POST /v1/embedding-jobs', 'GET /v1/embedding-jobs/{id}', 'POST /v1/documents', 'GET /v1/documents/{id}'];
    known.push('DELETE /v1/documents/{id}', 'POST /v1/retrieve', 'GET /health', 'GET /health/live', 'GET /health/ready', 'GET /metrics');
    expect([...routes]).toEqual(expect.arrayContaining(known));
    for (const route of routes) expect(contract.operation(route.split(' ')[0], route.split(' ')[1])?.['summary']).toEqual(expect.any(String));
    expect(declared.filter((d) => !observed.has(d))).toEqual([]);
  });
});
