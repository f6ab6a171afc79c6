import OpenAI from 'openai';
import request from 'supertest';
import { startRedisServer } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { createApp } from './support/create-app';
import type { TestApp } from './support/create-app';

const ALIASES = ['text-embedding-ada-002', 'text-embedding-3-small'];

describe('GET /v1/models and /v1/models/:id (OpenAI shape)', () => {
  let redis: TestRedisServer;
  let aliased: TestApp;
  let bare: TestApp;

  beforeAll(async () => {
    redis = await startRedisServer();
    aliased = await createApp({ REDIS_URL: redis.url, EMBEDDING_MODEL_ALIASES: ALIASES.join(',') });
    bare = await createApp({ REDIS_URL: redis.url, EMBEDDING_MODEL_ALIASES: undefined });
  });

  afterAll(async () => {
    await aliased.close();
    await bare.close();
    await redis.stop();
  });

  it('lists the served model and each alias with one fixed created time', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await request(aliased.url).get('/v1/models').expect(200);
    expect(res.body).toEqual({
      object: 'list',
      data: ['local-hash-v1', ...ALIASES].map((id) => ({ id, object: 'model', created: expect.any(Number), owned_by: 'rag-api' })),
    });
    const created = new Set(res.body.data.map((model: { created: number }) => model.created));
    expect(created.size).toBe(1);
    // Boot time: before this test started, not the time of the request.
    expect([...created][0]).toBeLessThanOrEqual(before);
    expect((await request(aliased.url).get('/v1/models')).body).toEqual(res.body);
  });

  it('without aliases lists the served model alone', async () => {
    const res = await request(bare.url).get('/v1/models').expect(200);
    expect(res.body.data.map((model: { id: string }) => model.id)).toEqual(['local-hash-v1']);
  });

  it.each(['local-hash-v1', ...ALIASES])('gets %s by id', async (id) => {
    const res = await request(aliased.url).get(`/v1/models/${id}`).expect(200);
    expect(res.body).toEqual({ id, object: 'model', created: expect.any(Number), owned_by: 'rag-api' });
  });

  it.each([
    ['an unknown model', 'gpt-4o'],
    ['the served name in another case (matching is exact)', 'LOCAL-HASH-V1'],
    ['an alias of another server', 'text-embedding-ada-002'],
  ])('answers 404 model_not_found in the OpenAI error shape for %s', async (_name, id) => {
    const app = id === 'text-embedding-ada-002' ? bare : aliased;
    const res = await request(app.url).get(`/v1/models/${id}`).expect(404).expect('content-type', /application\/json/);
    expect(res.body).toEqual({
      error: {
        message: `model "${id}" does not exist; this server serves "local-hash-v1" (GET /v1/models lists every name)`,
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      },
    });
  });

  it('a model id with a slash can be asked for URL-encoded', async () => {
    const app = await createApp({ REDIS_URL: redis.url, EMBEDDING_MODEL_ALIASES: 'BAAI/bge-small-en-v1.5' });
    try {
      await request(app.url).get('/v1/models/BAAI%2Fbge-small-en-v1.5').expect(200, {
        id: 'BAAI/bge-small-en-v1.5',
        object: 'model',
        created: (await request(app.url).get('/v1/models')).body.data[0].created,
        owned_by: 'rag-api',
      });
    } finally {
      await app.close();
    }
  });

  it('the official openai SDK lists and retrieves models, and gets its NotFoundError for an unknown one', async () => {
    const client = new OpenAI({ baseURL: `${aliased.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['local-hash-v1', ...ALIASES]);
    await expect(client.models.retrieve('text-embedding-ada-002')).resolves.toMatchObject({ id: 'text-embedding-ada-002', object: 'model' });
    const failure = client.models.retrieve('gpt-4o');
    await expect(failure).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(failure).rejects.toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
  });
});
