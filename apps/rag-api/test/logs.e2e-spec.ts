import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { freePort, spawnApp, startRedisServer } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';

const REDIS_PASSWORD = 'redis-pw-must-not-leak';
const API_KEY = 'sk-provider-key-must-not-leak';
const CLIENT_TOKEN = 'client-token-must-not-leak';
/** Every header that carries a credential, each with its own secret value, plus one configured extra. */
const CREDENTIAL_HEADERS: Record<string, string> = {
  authorization: `Bearer ${CLIENT_TOKEN}`,
  'proxy-authorization': 'Basic proxy-credential-must-not-leak',
  'api-key': 'azure-style-key-must-not-leak',
  'x-api-key': 'x-api-key-must-not-leak',
  cookie: 'session=cookie-must-not-leak',
  'set-cookie': 'sid=set-cookie-must-not-leak',
  'x-internal-token': 'configured-extra-must-not-leak',
};

describe('rag-api logs: structured JSON, request ids, no secrets', () => {
  let redis: TestRedisServer;
  let fake: FakeOpenAIServer;
  let api: SpawnedApp;
  let lines: Array<Record<string, unknown>>;
  let output: string;
  let generatedId: string | null;

  beforeAll(async () => {
    redis = await startRedisServer({ args: ['--requirepass', REDIS_PASSWORD] });
    fake = await FakeOpenAIServer.start({ dimensions: 64 });
    const port = await freePort();
    api = await spawnApp(
      'apps/rag-api/src/main.ts',
      {
        PORT: String(port),
        LOG_LEVEL: 'info',
        REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${redis.port}`,
        OPENAI_API_KEY: API_KEY,
        OPENAI_BASE_URL: fake.baseURL,
        EMBEDDING_MODEL: 'text-embedding-3-small',
        EMBEDDING_DIMENSIONS: '64',
        VECTOR_STORE_PATH: 'memory://',
        LOG_REDACT_HEADERS: 'X-Internal-Token',
      },
      `http://127.0.0.1:${port}/health/live`,
    );
    const res = await fetch(`${api.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'log-test-42', ...CREDENTIAL_HEADERS },
      body: JSON.stringify({ input: ['logged request'] }),
    });
    expect(res.status).toBe(200);
    const failed = await fetch(`${api.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'log-test-43' },
      body: JSON.stringify({ input: 42 }),
    });
    expect(failed.status).toBe(400);
    const anonymous = await fetch(`${api.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: ['no request id given'] }),
    });
    expect(anonymous.status).toBe(200);
    generatedId = anonymous.headers.get('x-request-id');
    api.kill('SIGTERM');
    await api.exited;
    output = api.output();
    lines = output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }, 90_000);

  afterAll(async () => {
    api?.kill();
    await fake.close();
    await redis.stop();
  });

  it('every line is one JSON object with a level and a time', () => {
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line).toMatchObject({ level: expect.any(Number), time: expect.any(Number) });
  });

  it('request lines carry the request id, given or generated', () => {
    const done = lines.filter((line) => line['msg'] === 'request completed');
    const ids = done.map((line) => (line['req'] as { id?: string }).id);
    expect(generatedId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ids).toEqual(expect.arrayContaining(['log-test-42', 'log-test-43', generatedId]));
    const ok = done.find((line) => (line['req'] as { id?: string }).id === 'log-test-42');
    expect(ok).toMatchObject({ res: { statusCode: 200 }, responseTime: expect.any(Number) });
  });

  it('the Redis URL is logged with its password redacted, and no secret appears anywhere', () => {
    expect(lines.some((line) => String(line['msg']).includes(`embedding cache: redis://:***@127.0.0.1:${redis.port}`))).toBe(true);
    for (const secret of [REDIS_PASSWORD, API_KEY, CLIENT_TOKEN]) expect(output).not.toContain(secret);
  });

  it('every credential-bearing header, and each configured extra, is logged as [Redacted]', () => {
    const done = lines.find((line) => line['msg'] === 'request completed' && (line['req'] as { id?: string }).id === 'log-test-42');
    const headers = (done?.['req'] as { headers?: Record<string, string> } | undefined)?.headers ?? {};
    for (const [name, value] of Object.entries(CREDENTIAL_HEADERS)) {
      expect(headers[name]).toBe('[Redacted]');
      for (const part of value.split(/[ =]/)) if (part.includes('must-not-leak')) expect(output).not.toContain(part);
    }
  });
});
