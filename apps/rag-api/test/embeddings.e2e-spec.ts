// Over 250 lines on purpose: one app boot serves every case of POST /v1/embeddings (the official
// openai SDK, raw HTTP errors, headers, metrics), so the suite pays for the boot once.
import OpenAI from 'openai';
import request from 'supertest';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { startRedisServer, waitFor } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { cacheHeader, createApp, sampleValue } from './support/create-app';
import type { TestApp } from './support/create-app';

const API_KEY = 'sk-test-do-not-leak-0123456789';
const MODEL = 'text-embedding-3-small';

/** A JSON body just over the 10 MB limit. */
function oversizedBody(): string {
  return JSON.stringify({ input: Array.from({ length: 400 }, () => 'y'.repeat(30_000)) });
}

describe('POST /v1/embeddings through the shared cache (openai provider on a loopback server)', () => {
  let redis: TestRedisServer;
  let fake: FakeOpenAIServer;
  let api: TestApp;

  const embed = (body: unknown) => request(api.url).post('/v1/embeddings').send(body as object);

  beforeAll(async () => {
    redis = await startRedisServer();
    fake = await FakeOpenAIServer.start({ dimensions: 1536 });
    api = await createApp({
      REDIS_URL: redis.url,
      OPENAI_API_KEY: API_KEY,
      OPENAI_BASE_URL: fake.baseURL,
      EMBEDDING_MODEL: MODEL,
      OPENAI_MAX_RETRIES: '2',
      // These tests observe Redis itself; the L1 tier has its own tests in libs/embedding-cache.
      REDIS_EMBEDDING_CACHE_L1_MAX_MB: '0',
    });
  });

  afterAll(async () => {
    await api.close();
    await fake.close();
    await redis.stop();
  });

  beforeEach(() => fake.reset());

  it('a miss then a hit for the same inputs: header and metrics agree', async () => {
    const metricsBefore = (await request(api.url).get('/metrics')).text;
    const first = await embed({ input: ['miss then hit 1', 'miss then hit 2'], model: MODEL }).expect(200);
    expect(cacheHeader(first.headers['x-embedding-cache'])).toEqual({ hits: 0, misses: 2 });
    expect(fake.inputCount).toBe(2);

    const second = await embed({ input: ['miss then hit 1', 'miss then hit 2'] }).expect(200);
    expect(cacheHeader(second.headers['x-embedding-cache'])).toEqual({ hits: 2, misses: 0 });
    expect(fake.inputCount).toBe(2);
    expect(second.body.data).toEqual(first.body.data);
    // usage is an estimate, ceil(characters / 4) per input, the same whether cached or computed.
    expect(second.body).toMatchObject({ object: 'list', model: MODEL, usage: { prompt_tokens: 8, total_tokens: 8 } });
    expect(first.body.usage).toEqual(second.body.usage);
    expect(second.body.data[0]).toMatchObject({ object: 'embedding', index: 0 });
    expect(second.body.data[0].embedding).toHaveLength(1536);
    expect(second.body.data[0].embedding).toEqual(Array.from(fake.vectorFor('miss then hit 1')));

    const metricsAfter = (await request(api.url).get('/metrics')).text;
    const delta = (name: string, labels: Record<string, string>) =>
      sampleValue(metricsAfter, name, labels) - sampleValue(metricsBefore, name, labels);
    expect(delta('embedding_cache_requests_total', { result: 'hit' })).toBe(2);
    expect(delta('embedding_cache_requests_total', { result: 'miss' })).toBe(2);
    expect(delta('embedding_provider_texts_total', { model: MODEL })).toBe(2);
    expect(delta('embedding_provider_requests_total', { model: MODEL, outcome: 'ok' })).toBe(1);
  });

  it('a batch mixing cached and new texts calls the provider once with only the new ones, even when a text repeats', async () => {
    await embed({ input: 'already cached' }).expect(200);
    fake.reset();
    const res = await embed({ input: ['new one', 'already cached', 'new two', 'new one', 'new two'] }).expect(200);
    expect(fake.requestCount).toBe(1);
    expect([...fake.embeddedTexts].sort()).toEqual(['new one', 'new two']);
    expect(cacheHeader(res.headers['x-embedding-cache'])).toEqual({ hits: 1, misses: 4 });
    expect(res.body.data.map((d: { index: number }) => d.index)).toEqual([0, 1, 2, 3, 4]);
    expect(res.body.data[3].embedding).toEqual(res.body.data[0].embedding);
  });

  it('base64 output decodes (little-endian float32) to the same floats as float output', async () => {
    const input = ['base64 check', 'another one'];
    const asFloat = await embed({ input, encoding_format: 'float' }).expect(200);
    const asBase64 = await embed({ input, encoding_format: 'base64' }).expect(200);
    for (const [i, item] of (asBase64.body.data as Array<{ embedding: string }>).entries()) {
      const bytes = Buffer.from(item.embedding, 'base64');
      const floats = Array.from({ length: bytes.length / 4 }, (_, j) => bytes.readFloatLE(j * 4));
      expect(floats).toEqual(asFloat.body.data[i].embedding);
    }
  });

  describe('validation: 400 (or 413) with a message naming the field', () => {
    it.each([
      ['missing input', { model: MODEL }, 'input', /input is required/],
      ['input of the wrong type', { input: 42 }, 'input', /input must be a string or an array of strings/],
      ['token arrays', { input: [[1, 2, 3]] }, 'input', /input\[0\] must be a string/],
      ['empty string input', { input: '' }, 'input', /input must not be an empty string/],
      ['empty array input', { input: [] }, 'input', /input must not be an empty array/],
      ['empty string item', { input: ['ok', ''] }, 'input', /input\[1\] must not be an empty string/],
      ['more than 2048 items', { input: Array.from({ length: 2049 }, (_, i) => `t${i}`) }, 'input', /at most 2048 items/],
      ['an item over EMBEDDING_MAX_INPUT_CHARS', { input: ['ok', 'x'.repeat(32_769)] }, 'input', /input\[1\] is longer than 32768 characters/],
      ['an unknown model', { input: 'a', model: 'gpt-nope' }, 'model', /model "gpt-nope" is not available/],
      ['a model of the wrong type', { input: 'a', model: 7 }, 'model', /model must be a string/],
      ['an unknown encoding_format', { input: 'a', encoding_format: 'int8' }, 'encoding_format', /encoding_format must be "float" or "base64"/],
      ['wrong dimensions', { input: 'a', dimensions: 3 }, 'dimensions', /dimensions must be 1536/],
    ])('%s', async (_case, body, param, message) => {
      const res = await embed(body).expect(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param });
      expect(res.body.error.message).toMatch(message);
      expect(fake.requestCount).toBe(0);
    });

    it('malformed JSON', async () => {
      const res = await request(api.url).post('/v1/embeddings').set('content-type', 'application/json').send('{"input": [').expect(400);
      expect(res.body.error).toMatchObject({ param: 'body', message: expect.stringMatching(/not valid JSON/) });
    });

    it('a body over 10 MB → 413', async () => {
      const big = oversizedBody();
      expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
      const res = await request(api.url).post('/v1/embeddings').set('content-type', 'application/json').send(big).expect(413);
      expect(res.body.error).toMatchObject({ param: 'body', message: expect.stringMatching(/larger than 10 MB/) });
    });

    it('unknown fields are ignored, as OpenAI clients send extra ones', async () => {
      await embed({ input: 'extra fields', user: 'u-1', something_new: true }).expect(200);
    });
  });

  it('provider failure → 502 with the provider status and a plain message (its body only in the log), nothing cached, no secrets or stacks', async () => {
    fake.failNext({ status: 500, message: 'internal failure at db-primary.internal:5432' }, 3);
    const res = await embed({ input: ['fails upstream'] }).expect(502);
    expect(res.body.error).toMatchObject({
      type: 'provider_error',
      provider_status: 500,
      message: 'The embedding provider failed with HTTP 500; nothing was cached',
    });
    expect(JSON.stringify(res.body)).not.toContain('db-primary.internal');
    expect(JSON.stringify(res.body)).not.toContain(API_KEY);
    expect(JSON.stringify(res.body)).not.toMatch(/\bat \w+.*\.(ts|js):\d+/);
    expect(fake.requestCount).toBe(3);

    fake.reset();
    const retry = await embed({ input: ['fails upstream'] }).expect(200);
    expect(cacheHeader(retry.headers['x-embedding-cache'])).toEqual({ hits: 0, misses: 1 });
    expect(fake.inputCount).toBe(1);
  });

  it('the official openai client, pointed at rag-api, gets embeddings back', async () => {
    const client = new OpenAI({ apiKey: 'any-key', baseURL: `${api.url}/v1` });
    const viaSdk = await client.embeddings.create({ model: MODEL, input: ['sdk text one', 'sdk text two'] });
    expect(viaSdk.data).toHaveLength(2);
    expect(viaSdk.data[1].embedding).toHaveLength(1536);
    expect(viaSdk.data[1].embedding).toEqual(Array.from(fake.vectorFor('sdk text two')));
    const asFloats = await client.embeddings.create({ model: MODEL, input: 'sdk text one', encoding_format: 'float' });
    expect(asFloats.data[0].embedding).toEqual(viaSdk.data[0].embedding);
    await expect(client.embeddings.create({ model: 'nope', input: 'x' })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('/metrics parses as Prometheus text with cache, provider, HTTP and process metrics', async () => {
    const before = (await request(api.url).get('/metrics')).text;
    // Its own 400 and 413, so that the counts below do not depend on the tests run before it.
    await embed({ input: '' }).expect(400);
    await request(api.url).post('/v1/embeddings').set('content-type', 'application/json').send(oversizedBody()).expect(413);
    const res = await request(api.url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const sampleLine = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? -?(?:[0-9.e+-]+|NaN|\+Inf|-Inf)( \d+)?$/;
    for (const line of res.text.split('\n').filter((l) => l && !l.startsWith('#'))) expect(line).toMatch(sampleLine);
    const names = parsePrometheusTextFormat(res.text).map((family) => family.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'embedding_cache_requests_total',
        'embedding_cache_operation_seconds',
        'embedding_cache_circuit_open',
        'embedding_provider_requests_total',
        'embedding_provider_duration_seconds',
        'http_requests_total',
        'http_request_duration_seconds',
        'process_cpu_user_seconds_total',
        'nodejs_heap_size_used_bytes',
      ]),
    );
    const delta = (labels: Record<string, string>) =>
      sampleValue(res.text, 'http_requests_total', labels) - sampleValue(before, 'http_requests_total', labels);
    expect(delta({ route: '/v1/embeddings', status: '400' })).toBe(1);
    expect(delta({ status: '413' })).toBe(1);
  });

  it('serves the OpenAPI document and UI at /docs', async () => {
    const ui = await request(api.url).get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
    const doc = await request(api.url).get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/embeddings', '/health', '/health/ready', '/health/live']));
  });

  it('echoes a given X-Request-Id and makes one otherwise', async () => {
    const given = await embed({ input: 'rid' }).set('x-request-id', 'req-123').expect(200);
    expect(given.headers['x-request-id']).toBe('req-123');
    const made = await embed({ input: 'rid' }).expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('Redis killed mid-test → 200 responses, uncached; /health shows the cache down, /health/ready stays up; back after restart', async () => {
    await request(api.url).get('/health').expect(200);
    await request(api.url).get('/health/ready').expect(200);
    await redis.kill();
    try {
      for (let i = 0; i < 3; i += 1) {
        const res = await embed({ input: ['while redis is dead'] }).expect(200);
        expect(cacheHeader(res.headers['x-embedding-cache'])).toEqual({ hits: 0, misses: 1 });
      }
      expect(fake.inputCount).toBe(3);
      const health = await request(api.url).get('/health').expect(503);
      expect(health.body.details.embedding_cache).toMatchObject({ status: 'down', message: expect.any(String) });
      await request(api.url).get('/health/ready').expect(200);
      await request(api.url).get('/health/live').expect(200);
    } finally {
      await redis.restart();
    }
    await waitFor(async () => (await request(api.url).get('/health')).status === 200, {
      timeoutMs: 3_000,
      intervalMs: 50,
      description: '/health to be up again after the restart',
    });
    await embed({ input: ['after restart'] }).expect(200);
    const hit = await embed({ input: ['after restart'] }).expect(200);
    expect(cacheHeader(hit.headers['x-embedding-cache'])).toEqual({ hits: 1, misses: 0 });
  });
});

describe('rag-api on a bare machine: local provider, no API key', () => {
  it('works without a reachable Redis, and readiness fails only with EMBEDDING_CACHE_REQUIRED=true', async () => {
    const optional = await createApp({ REDIS_URL: 'redis://127.0.0.1:1', OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, EMBEDDING_PROVIDER: undefined });
    const required = await createApp({ REDIS_URL: 'redis://127.0.0.1:1', OPENAI_API_KEY: undefined, EMBEDDING_CACHE_REQUIRED: 'true' });
    try {
      const res = await request(optional.url).post('/v1/embeddings').send({ input: ['bare machine'] }).expect(200);
      expect(res.body.model).toBe('local-hash-v1');
      expect(res.body.data[0].embedding).toHaveLength(384);
      expect(cacheHeader(res.headers['x-embedding-cache'])).toEqual({ hits: 0, misses: 1 });
      await request(optional.url).get('/health/ready').expect(200);
      await request(optional.url).get('/health').expect(503);
      const queued = await request(optional.url).post('/v1/embedding-jobs').send({ texts: ['later'] }).expect(503);
      expect(queued.body.error.message).toMatch(/embedding job queue is unavailable/);
      await request(optional.url).get('/v1/embedding-jobs/1').expect(503);
      const notReady = await request(required.url).get('/health/ready').expect(503);
      expect(notReady.body.error.embedding_cache).toMatchObject({ status: 'down' });
    } finally {
      await optional.close();
      await required.close();
    }
  });
});
