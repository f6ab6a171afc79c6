import fc from 'fast-check';
import request from 'supertest';
import type { Response } from 'supertest';
import { startRedisServer } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { createApp } from './support/create-app';
import type { TestApp } from './support/create-app';

const POST_ROUTES = ['/v1/embeddings', '/v1/embedding-jobs', '/v1/documents', '/v1/retrieve'];
const GET_ROUTES = ['/v1/documents/', '/v1/embedding-jobs/', '/v1/models/', '/v1/models', '/health/live', '/metrics'];
/** Every field name the POST routes read, so that generated bodies reach their validators, not only the whitelist. */
const FIELDS = ['input', 'model', 'encoding_format', 'dimensions', 'user', 'texts', 'id', 'text', 'metadata', 'collection', 'query', 'topK', 'filter'];
const RUNS = { numRuns: 150 };

/** Any UTF-16 code unit (lone surrogates and NUL included) or any code point. */
const unit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\u0000', '\ud800', '\udfff', '\ufffd', '__proto__', 'constructor', 'prototype', '[', '{', '"', '\\'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const text = fc.string({ unit, maxLength: 12 });
const json = fc.jsonValue({ stringUnit: unit, maxDepth: 6 });
/** A body of known and arbitrary fields with arbitrary JSON values (keys as given: JSON.parse keeps `__proto__` as a key). */
const body = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS, '__proto__', 'prototype'), text), json), { maxLength: 5 })
  .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`);
/** A field holding `depth` nested arrays or objects. */
const deep = fc
  .tuple(fc.constantFrom(...FIELDS), fc.integer({ min: 1, max: 3_000 }), fc.boolean())
  .map(([field, depth, asArrays]) => `{"${field}":${asArrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '0' + '}'.repeat(depth)}}`);
/** Percent-encoded arbitrary bytes: any path segment or query value a client can send, UTF-8 or not. */
const encodedBytes = fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));

describe('request validation holds for arbitrary input (in-process rag-api over HTTP, fast-check, real Redis)', () => {
  let redis: TestRedisServer;
  let api: TestApp;

  beforeAll(async () => {
    redis = await startRedisServer();
    api = await createApp({ REDIS_URL: redis.url, OPENAI_API_KEY: '', EMBEDDING_PROVIDER: 'local', DATABASE_URL: undefined, JOBS_IN_PROCESS: undefined });
  });

  afterAll(async () => {
    await api?.close();
    await redis?.stop();
  });

  /** No 5xx, and a 400 says what is wrong and names the field. */
  const expectClientAnswer = (res: Response): void => {
    expect(res.status).toBeLessThan(500);
    if (res.status === 400) {
      expect(res.body.error).toEqual(expect.objectContaining({ message: expect.stringMatching(/\S/), param: expect.stringMatching(/\S/) }));
    }
  };
  const post = (path: string, payload: string | Buffer) => request(api.url).post(path).set('content-type', 'application/json').send(payload);

  it('arbitrary JSON bodies with any UTF-16 text, on every POST route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POST_ROUTES), body, async (path, payload) => expectClientAnswer(await post(path, payload))),
      RUNS,
    );
  });

  it('arbitrary JSON values as the whole body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POST_ROUTES), json, async (path, value) => expectClientAnswer(await post(path, JSON.stringify(value) ?? 'null'))),
      RUNS,
    );
  });

  it('deep nesting in any field, up to 3,000 levels', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...POST_ROUTES), deep, async (path, payload) => expectClientAnswer(await post(path, payload))), RUNS);
  });

  it('arbitrary bytes as the body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POST_ROUTES), fc.uint8Array({ maxLength: 64 }), async (path, bytes) => expectClientAnswer(await post(path, Buffer.from(bytes)))),
      RUNS,
    );
  });

  it('well-shaped requests with arbitrary filters and metadata (keys and values)', async () => {
    const scalar = fc.oneof(text, fc.double(), fc.boolean());
    const retrieve = fc.dictionary(text, scalar, { maxKeys: 3 }).map((filter) => ['/v1/retrieve', JSON.stringify({ query: 'bread', filter })]);
    const ingest = fc.tuple(text, fc.dictionary(text, json, { maxKeys: 3 })).map(([id, metadata]) => ['/v1/documents', JSON.stringify({ id, text: 'Some text.', metadata })]);
    await fc.assert(
      fc.asyncProperty(fc.oneof(retrieve, ingest), async ([path, payload]) => expectClientAnswer(await post(path, payload))),
      RUNS,
    );
  });

  it('arbitrary path segments and query strings on the GET routes', async () => {
    const query = fc.array(fc.tuple(fc.oneof(fc.constant('collection'), encodedBytes), encodedBytes), { maxLength: 2 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...GET_ROUTES), encodedBytes, query, async (route, segment, pairs) => {
        const path = route.endsWith('/') ? `${route}${segment}` : route;
        const search = pairs.map(([k, v]) => `${k}=${v}`).join('&');
        expectClientAnswer(await request(api.url).get(search ? `${path}?${search}` : path));
      }),
      RUNS,
    );
  });

  it('the app still answers afterwards', async () => {
    await request(api.url).get('/health/live').expect(200);
    await request(api.url).post('/v1/embeddings').send({ input: ['still fine'] }).expect(200);
  });
});
