import request from 'supertest';
import { freePort, spawnApp, startRedisServer, waitForJob } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { cacheHeader, createApp, sampleValue } from './support/create-app';
import type { TestApp } from './support/create-app';

const SERVED = 'local-hash-v1';

describe('OpenAI parity: model aliases and JSON-only bodies', () => {
  let redis: TestRedisServer;
  let aliased: TestApp;
  let bare: TestApp;

  beforeAll(async () => {
    redis = await startRedisServer();
    aliased = await createApp({
      REDIS_URL: redis.url,
      EMBEDDING_MODEL_ALIASES: 'text-embedding-ada-002,text-embedding-3-small',
      // Hits must come from Redis, which both apps share, not from one process's memory.
      REDIS_EMBEDDING_CACHE_L1_MAX_MB: '0',
    });
    bare = await createApp({
      REDIS_URL: redis.url,
      EMBEDDING_MODEL_ALIASES: undefined,
      REDIS_EMBEDDING_CACHE_L1_MAX_MB: '0',
      // Both apps share the queue: a processor without the aliases would refuse a job naming one.
      JOBS_IN_PROCESS: 'false',
    });
  });

  afterAll(async () => {
    await aliased.close();
    await bare.close();
    await redis.stop();
  });

  describe('EMBEDDING_MODEL_ALIASES', () => {
    it.each([
      ['ada,ada', 'EMBEDDING_MODEL_ALIASES lists "ada" twice (got "ada,ada")'],
      ['ada,local-hash-v1', 'EMBEDDING_MODEL_ALIASES must not list the served model "local-hash-v1" (got "ada,local-hash-v1")'],
    ])('a bad list (%s) stops the boot of the real main.ts, naming the variable', async (aliases, message) => {
      // A process of its own: a boot failing half-way leaves Redis clients open, which would hold Jest.
      const port = await freePort();
      const boot = spawnApp('apps/rag-api/src/main.ts', { REDIS_URL: redis.url, PORT: String(port), EMBEDDING_MODEL_ALIASES: aliases }, `http://127.0.0.1:${port}/health/live`);
      await expect(boot).rejects.toThrow(`Invalid embeddings configuration: ${message}`);
    });

    it('embeds a request naming an alias with the served model, and the response says which', async () => {
      const viaAlias = await request(aliased.url).post('/v1/embeddings').send({ input: 'alias text', model: 'text-embedding-ada-002' }).expect(200);
      expect(viaAlias.body.model).toBe(SERVED);
      const direct = await request(aliased.url).post('/v1/embeddings').send({ input: 'alias text', model: SERVED }).expect(200);
      expect(direct.body.data).toEqual(viaAlias.body.data);
      expect(viaAlias.body.data[0].embedding).toHaveLength(384);
    });

    it('never splits the cache: the alias and the served name hit the same entries, whichever comes first', async () => {
      const metricsBefore = (await request(aliased.url).get('/metrics')).text;
      const first = await request(aliased.url)
        .post('/v1/embeddings')
        .send({ input: ['shared 1', 'shared 2'], model: 'text-embedding-3-small' })
        .expect(200);
      expect(cacheHeader(first.headers['x-embedding-cache'])).toEqual({ hits: 0, misses: 2 });
      const served = await request(aliased.url).post('/v1/embeddings').send({ input: ['shared 1', 'shared 2'], model: SERVED }).expect(200);
      expect(cacheHeader(served.headers['x-embedding-cache'])).toEqual({ hits: 2, misses: 0 });
      const otherAlias = await request(aliased.url)
        .post('/v1/embeddings')
        .send({ input: ['shared 2', 'shared 1'], model: 'text-embedding-ada-002' })
        .expect(200);
      expect(cacheHeader(otherAlias.headers['x-embedding-cache'])).toEqual({ hits: 2, misses: 0 });
      // A process without aliases reads the same keys.
      const elsewhere = await request(bare.url).post('/v1/embeddings').send({ input: 'shared 1' }).expect(200);
      expect(cacheHeader(elsewhere.headers['x-embedding-cache'])).toEqual({ hits: 1, misses: 0 });

      const metricsAfter = (await request(aliased.url).get('/metrics')).text;
      const delta = sampleValue(metricsAfter, 'embedding_provider_texts_total', { model: SERVED }) -
        sampleValue(metricsBefore, 'embedding_provider_texts_total', { model: SERVED });
      expect(delta).toBe(2);
    });

    it('matches exactly: another case of the served name is refused, naming the setting', async () => {
      const res = await request(aliased.url).post('/v1/embeddings').send({ input: 'a', model: 'LOCAL-HASH-V1' }).expect(400);
      expect(res.body.error).toEqual({
        message:
          `model "LOCAL-HASH-V1" is not available; this server embeds with "${SERVED}": ask for "${SERVED}", ` +
          'or set EMBEDDING_MODEL_ALIASES=text-embedding-ada-002,text-embedding-3-small,LOCAL-HASH-V1',
        type: 'invalid_request_error',
        param: 'model',
        code: null,
      });
    });

    it('a bare server refuses the LangChain / LlamaIndex default model with the one setting to change', async () => {
      const res = await request(bare.url).post('/v1/embeddings').send({ input: 'a', model: 'text-embedding-ada-002' }).expect(400);
      expect(res.body.error).toEqual({
        message:
          `model "text-embedding-ada-002" is not available; this server embeds with "${SERVED}": ask for "${SERVED}", ` +
          'or set EMBEDDING_MODEL_ALIASES=text-embedding-ada-002',
        type: 'invalid_request_error',
        param: 'model',
        code: null,
      });
    });

    it('a background job naming an alias is accepted and embeds with the served model', async () => {
      const created = await request(aliased.url).post('/v1/embedding-jobs').send({ texts: ['job via alias'], model: 'text-embedding-ada-002' }).expect(202);
      const job = await waitForJob(aliased.url, created.body.id);
      expect(job).toMatchObject({ state: 'completed', summary: { total: 1, failed: 0 } });
      const again = await request(aliased.url).post('/v1/embeddings').send({ input: 'job via alias' }).expect(200);
      expect(cacheHeader(again.headers['x-embedding-cache'])).toEqual({ hits: 1, misses: 0 });
    });
  });

  describe('415 for a POST body that is not JSON', () => {
    const routes = ['/v1/embeddings', '/v1/embedding-jobs', '/v1/documents', '/v1/retrieve'];

    it.each(routes)('POST %s with a form body (curl -d) is 415 naming application/json, and counted', async (route) => {
      const before = (await request(aliased.url).get('/metrics')).text;
      const res = await request(aliased.url).post(route).type('form').send('input=hello').expect(415);
      expect(res.body).toEqual({
        error: {
          message: 'request body must be application/json (got "application/x-www-form-urlencoded")',
          type: 'invalid_request_error',
          param: 'body',
          code: null,
        },
      });
      const after = (await request(aliased.url).get('/metrics')).text;
      const labels = { method: 'POST', status: '415' };
      expect(sampleValue(after, 'http_requests_total', labels) - sampleValue(before, 'http_requests_total', labels)).toBe(1);
    });

    it.each(routes)('POST %s with text/plain is 415 with the type as sent', async (route) => {
      const res = await request(aliased.url).post(route).set('Content-Type', 'text/plain; charset=utf-8').send('hello').expect(415);
      expect(res.body.error.message).toBe('request body must be application/json (got "text/plain; charset=utf-8")');
    });

    it('a POST with neither a body nor a content type reaches validation, which names the missing field', async () => {
      const res = await request(aliased.url).post('/v1/embeddings').expect(400);
      expect(res.body.error).toMatchObject({ message: 'input is required: a string or an array of strings', param: 'input' });
    });

    it('JSON with a charset is still served', async () => {
      await request(aliased.url)
        .post('/v1/embeddings')
        .set('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ input: 'charset' }))
        .expect(200);
    });
  });
});
