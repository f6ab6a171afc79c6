import { Redis } from 'ioredis';
import { EMBEDDING_CACHE_DEFAULTS, buildCacheKey } from '@rag/embedding-cache';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import type { FakeOpenAICorruption } from '@rag/embeddings/testing';
import { freePort, spawnApp, startRedisServer, waitFor } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';

const MODEL = 'text-embedding-3-small';
const DIMS = 64;
/** The cache model id of `MODEL` at 64 dims (`cacheModelId`: a size other than the native 1536). */
const CACHE_MODEL = `${MODEL}@${DIMS}`;
const PLAIN_MESSAGE = 'The embedding provider returned an invalid vector; nothing was cached';

/** Each wrong answer, and what the log says about it (the client is told none of it). */
const CORRUPTIONS: ReadonlyArray<readonly [FakeOpenAICorruption, string]> = [
  ['nan', 'vector 1 holds NaN at element 0'],
  ['infinity', 'vector 1 holds Infinity at element 0'],
  ['zeros', 'vector 1 is all zeros'],
  ['wrong-dims', `returned ${DIMS - 1}-dimensional vectors, expected ${DIMS}`],
  ['missing-vector', 'response has 1 embeddings for 2 inputs'],
];

const keyOf = (text: string): string => buildCacheKey(EMBEDDING_CACHE_DEFAULTS.prefix, CACHE_MODEL, text);

describe('rag-api (its own process) with a provider answering invalid vectors: 502 with a plain message, nothing cached', () => {
  let redis: TestRedisServer;
  let raw: Redis;
  let fake: FakeOpenAIServer;
  let api: SpawnedApp;

  const post = (path: string, body: unknown): Promise<Response> =>
    fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    redis = await startRedisServer();
    raw = new Redis(redis.url);
    fake = await FakeOpenAIServer.start({ dimensions: DIMS });
    const port = await freePort();
    api = await spawnApp(
      'apps/rag-api/src/main.ts',
      {
        PORT: String(port),
        REDIS_URL: redis.url,
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: fake.baseURL,
        EMBEDDING_MODEL: MODEL,
        EMBEDDING_DIMENSIONS: String(DIMS),
        VECTOR_STORE_PATH: 'memory://',
        LOG_LEVEL: 'warn',
      },
      `http://127.0.0.1:${port}/health/live`,
    );
  }, 90_000);

  afterAll(async () => {
    api?.kill('SIGTERM');
    await api?.exited;
    await fake.close();
    raw.disconnect();
    await redis.stop();
  });

  beforeEach(() => fake.reset());

  it('a valid answer is cached under the key these tests check', async () => {
    expect((await post('/v1/embeddings', { input: 'control text' })).status).toBe(200);
    await expect(raw.exists(keyOf('control text'))).resolves.toBe(1);
  });

  it.each(CORRUPTIONS)('POST /v1/embeddings, provider answering %s → 502, the details only in the log', async (corruption, problem) => {
    const texts = [`first text ${corruption}`, `second text ${corruption}`];
    fake.corruptNext(corruption);

    const res = await post('/v1/embeddings', { input: texts });

    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toEqual({ message: PLAIN_MESSAGE, type: 'provider_error', param: null, code: 'provider_error', provider_status: null });
    for (const text of texts) await expect(raw.exists(keyOf(text))).resolves.toBe(0);
    await waitFor(() => api.output().includes(problem), { timeoutMs: 5_000, description: `the log to say "${problem}"` });

    // The next, valid answer is served and cached.
    const retry = await post('/v1/embeddings', { input: texts });
    expect(retry.status).toBe(200);
    for (const text of texts) await expect(raw.exists(keyOf(text))).resolves.toBe(1);
  });

  it('POST /v1/retrieve whose query the provider answers with NaN → 502, nothing cached', async () => {
    fake.corruptNext('nan');
    const res = await post('/v1/retrieve', { query: 'a query answered with NaN' });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(PLAIN_MESSAGE);
    await expect(raw.exists(keyOf('a query answered with NaN'))).resolves.toBe(0);
  });

  it('POST /v1/documents whose chunks the provider answers with zeros: the document fails with a plain reason after its attempts (the details logged), nothing cached', async () => {
    const text = 'A short document whose only chunk the provider answers with an all-zero vector.';
    fake.corruptNext('zeros', 3);
    expect((await post('/v1/documents', { id: 'zero-vectors', text })).status).toBe(202);

    let document: { state?: string; error?: string } = {};
    await waitFor(
      async () => {
        document = (await (await fetch(`${api.url}/v1/documents/zero-vectors`)).json()) as typeof document;
        return document.state === 'failed';
      },
      { timeoutMs: 30_000, intervalMs: 100, description: 'the document to fail after its 3 attempts' },
    );
    // What was wrong describes the provider's answer: logged by the process that ran the job, summarised for clients.
    expect(document.error).toBe('the embedding provider returned an invalid vector');
    expect(api.output()).toContain('returned an invalid vector: vector 0 is all zeros');
    expect(fake.requestCount).toBe(3);
    await expect(raw.exists(keyOf(text))).resolves.toBe(0);
  });
});
