import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { EMBEDDING_CACHE_DEFAULTS, buildCacheKey, encodeVector } from '@rag/embedding-cache';
import { LocalEmbeddingProvider } from '@rag/embeddings';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { freePort, spawnApp, startRedisServer, waitFor } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { EmbeddingsService } from '../src/embeddings/embeddings.service';
import { createApp, sampleValue } from './support/create-app';

/** A request as sent on the wire. */
interface Exchange {
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sends the body in two writes this many ms apart (the server reads it in several chunks). */
  splitMs?: number;
}

/** What came back: the status, the raw headers in order (Date left out) and the body bytes. */
interface Answer {
  status: number;
  headers: string[];
  body: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function send(url: string, exchange: Exchange): Promise<Answer> {
  const body = typeof exchange.body === 'string' ? Buffer.from(exchange.body) : exchange.body;
  const headers = { 'content-type': 'application/json', ...(body ? { 'content-length': String(body.length) } : {}), ...exchange.headers };
  return new Promise((resolve, reject) => {
    const req = request(`${url}${exchange.path ?? '/v1/embeddings'}`, { method: exchange.method ?? 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i].toLowerCase() !== 'date') raw.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1].replace(UUID, '<generated>')}`);
        }
        // Long bodies (the vectors) compared by digest, so that a difference prints legibly.
        const bytes = Buffer.concat(chunks);
        const body = bytes.length > 2_000 ? `${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}` : bytes.toString('latin1');
        resolve({ status: res.statusCode ?? 0, headers: raw, body });
      });
    });
    req.on('error', reject);
    if (exchange.splitMs === undefined || body === undefined) {
      req.end(body);
      return;
    }
    req.flushHeaders();
    req.write(body.subarray(0, body.length >> 1));
    setTimeout(() => req.end(body.subarray(body.length >> 1)), exchange.splitMs);
  });
}

const json = (value: unknown): string => JSON.stringify(value);
const texts = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix} ${i}: the quick brown fox`);
const sha256 = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Metrics a request moves, read from /metrics (one registry per process: the apps run one after the other). */
const COUNTED: Array<[string, Record<string, string>]> = [
  ['http_requests_total', { method: 'POST', route: '/v1/embeddings', status: '200' }],
  ['http_requests_total', { method: 'POST', route: '/v1/embeddings', status: '400' }],
  ['http_requests_total', { method: 'POST', route: 'unmatched', status: '400' }],
  ['http_requests_total', { method: 'POST', route: 'unmatched', status: '413' }],
  ['http_requests_total', { method: 'POST', route: 'unmatched', status: '415' }],
  ['http_requests_total', { method: 'POST', route: '/v1/embeddings', status: '401' }],
  ['http_requests_total', { method: 'POST', route: '/v1/embeddings', status: '403' }],
  ['http_requests_total', { method: 'POST', route: '/v1/embeddings', status: '429' }],
  ['http_request_duration_seconds_count', { method: 'POST', route: '/v1/embeddings', status: '200' }],
  ['embedding_cache_requests_total', { result: 'l1_hit' }],
  ['embedding_cache_requests_total', { result: 'hit' }],
  ['embedding_cache_requests_total', { result: 'miss' }],
];

/** The exposition text of /metrics (read whole: `send` digests long bodies). */
async function metricsText(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers });
  expect(res.status).toBe(200);
  return res.text();
}

async function counters(url: string, headers: Record<string, string> = {}): Promise<number[]> {
  const text = await metricsText(url, headers);
  return COUNTED.map(([name, labels]) => sampleValue(text, name, labels));
}

/**
 * Runs `exchanges` against a fresh app built with `env` (and an empty Redis), one at a time: the
 * answers, what each moved in the metrics, and how many reached the Nest controller.
 */
async function run(redis: TestRedisServer, env: Record<string, string>, exchanges: Exchange[], metricsHeaders?: Record<string, string>) {
  const flush = new Redis(redis.url);
  await flush.flushall();
  flush.disconnect();
  const api = await createApp({ REDIS_URL: redis.url, ...env });
  // Only the controller calls `embed` (the fast path calls `fromMemory`).
  const controller = jest.spyOn(api.app.get(EmbeddingsService), 'embed');
  try {
    const answers: Answer[] = [];
    const moved: number[][] = [];
    const reachedNest: boolean[] = [];
    for (const exchange of exchanges) {
      const before = await counters(api.url, metricsHeaders);
      const calls = controller.mock.calls.length;
      answers.push(await send(api.url, exchange));
      reachedNest.push(controller.mock.calls.length > calls);
      const after = await counters(api.url, metricsHeaders);
      moved.push(after.map((value, i) => value - before[i]));
    }
    return { answers, moved, reachedNest };
  } finally {
    controller.mockRestore();
    await api.close();
  }
}

/** Sends `exchanges` with the fast path on and off: the answers and the metrics must be the same. */
async function expectSameOnAndOff(redis: TestRedisServer, env: Record<string, string>, exchanges: Exchange[], metricsHeaders?: Record<string, string>) {
  const on = await run(redis, { ...env, HTTP_FAST_PATH: 'true' }, exchanges, metricsHeaders);
  const off = await run(redis, { ...env, HTTP_FAST_PATH: 'false' }, exchanges, metricsHeaders);
  exchanges.forEach((exchange, i) => {
    const label = `#${i} ${exchange.method ?? 'POST'} ${exchange.path ?? '/v1/embeddings'} ${String(exchange.body ?? '').slice(0, 60)}`;
    expect({ label, ...on.answers[i] }).toEqual({ label, ...off.answers[i] });
    expect({ label, moved: on.moved[i] }).toEqual({ label, moved: off.moved[i] });
  });
  // The metrics were read: every 200 moved its counter.
  on.answers.forEach((answer, i) => {
    if (answer.status === 200) expect({ i, moved: on.moved[i][0] }).toEqual({ i, moved: 1 });
  });
  // Without the fast path every 200 came from the controller.
  expect(off.answers.flatMap((answer, i) => (answer.status === 200 && !off.reachedNest[i] ? [i] : []))).toEqual([]);
  return on;
}

/** The same 16 texts asked three times: a miss, a Redis hit (L1 and memo filled), then from memory. */
function warmed(body: Record<string, unknown>): Exchange[] {
  return [{ body: json(body) }, { body: json(body) }, { body: json(body) }];
}

describe('rag-api: the embeddings fast path answers exactly as the full stack (HTTP_FAST_PATH on and off)', () => {
  let redis: TestRedisServer;
  let fake: FakeOpenAIServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    fake = await FakeOpenAIServer.start({ dimensions: 1536, dense: true });
  });

  afterAll(async () => {
    await fake.close();
    await redis.stop();
  });

  const local = { OPENAI_API_KEY: '', EMBEDDING_PROVIDER: 'local' };
  const dense = { EMBEDDING_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test', OPENAI_MAX_RETRIES: '0', EMBEDDING_MODEL: 'text-embedding-3-small', EMBEDDING_DIMENSIONS: '1536' };
  const sixteen = texts('fast', 16);

  it.each([
    ['local 384', local],
    ['openai dense 1536', dense],
  ])('%s: all-hit float and base64, dimensions, partial hits, misses, request ids: the same bytes, headers and metrics', async (_name, base) => {
    const env = base === dense ? { ...dense, OPENAI_BASE_URL: fake.baseURL } : base;
    const dims = base === dense ? 1536 : 384;
    const exchanges: Exchange[] = [
      ...warmed({ input: sixteen }),
      ...warmed({ input: sixteen, encoding_format: 'base64' }),
      { body: json({ input: sixteen, encoding_format: 'float', dimensions: dims, user: 'u', unknown: 1 }) },
      { body: json({ input: sixteen[3] }) },
      { body: json({ input: [...sixteen, ...sixteen.slice(0, 4)] }), headers: { 'x-request-id': 'given-id.1' } },
      { body: json({ input: [...sixteen.slice(0, 8), ...texts('new', 8)] }) },
      { body: json({ input: texts('cold', 4) }) },
      { body: `  \n${json({ input: sixteen })}` },
      { body: json({ input: sixteen }), headers: { 'content-type': 'application/json; charset=UTF-8' } },
      { body: json({ input: sixteen }), headers: { 'content-type': 'Application/JSON;charset=utf-8' } },
      { body: json({ input: sixteen, encoding_format: 'base64' }), splitMs: 30 },
      { body: `${json({ input: sixteen })}\r\n` },
    ];
    const on = await expectSameOnAndOff(redis, env, exchanges);
    // The all-hit requests after warming never reached Nest with the fast path on.
    expect(on.answers.map((answer) => answer.status)).toEqual(exchanges.map(() => 200));
    expect(on.reachedNest).toEqual([true, true, false, true, false, false, false, false, false, true, true, false, false, false, false, false]);
    // A generated request id is echoed too (a UUID each time, so compared by form).
    expect(on.answers[2].headers).toContain('x-request-id: <generated>');
    expect(on.answers[8].headers).toContain('x-request-id: given-id.1');
  }, 120_000);

  it('refusals are the full stack\'s: invalid bodies (400 naming the field), 413, 415, other models and dimensions, query strings', async () => {
    const exchanges: Exchange[] = [
      ...warmed({ input: sixteen }),
      { body: json({ model: 'other-model', input: sixteen }) },
      { body: json({ input: sixteen, dimensions: 1536 }) },
      { body: json({ input: sixteen, encoding_format: 'hex' }) },
      { body: json({ input: 5 }) },
      { body: json({ inputs: sixteen }) },
      { body: json({ input: sixteen, user: null }) },
      { body: '{"input": [' },
      { body: '"just a string"' },
      { body: '[]' },
      { body: Buffer.concat([Buffer.from('{"input": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]) },
      { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json({ input: sixteen }))]) },
      { body: `{"input": "${'['.repeat(10)}", "x": ${'['.repeat(200)}${']'.repeat(200)}}` },
      { body: json({ input: sixteen }), headers: { 'content-type': 'text/plain' } },
      { body: json({ input: sixteen }), headers: { 'content-type': 'application/json; charset=latin1' } },
      { body: json({ input: 'x'.repeat(11 * 1024 * 1024) }) },
      { body: json({ input: sixteen }), path: '/v1/embeddings?x=1' },
      { body: json({ input: sixteen }), path: '/v1/embeddings/' },
      { body: '' },
      { body: gzipSync(json({ input: sixteen })), headers: { 'content-encoding': 'gzip' } },
      // Refused after the body was read: each must be the app's JSON parser's own answer.
      { body: 'null' },
      { body: `${json({ input: sixteen })} x` },
      { body: `${json({ input: sixteen })}`.replace('fast 3', 'fast \\u00') },
      { body: json({ input: sixteen }), headers: { 'content-type': 'application/json; charset=utf-16' } },
      { body: json({ input: sixteen }).slice(0, -1), splitMs: 30 },
      { body: `{"input": "a\u0000b"}` },
      { body: `{"input": ${json(sixteen)}, "input": "dup"}` },
    ];
    const on = await expectSameOnAndOff(redis, local, exchanges);
    expect(on.answers.slice(3).map((answer) => answer.status)).toEqual([
      400, 400, 400, 400, 400, 200, 400, 400, 400, 400, 200, 400, 415, 415, 413, 400, 200, 400, 200, 400, 400, 400, 415, 400, 400, 200,
    ]);
    expect(on.answers[5].body).toContain('encoding_format');
  }, 120_000);

  it('with API keys: 401 and 403 from the guard, a rate-limited key takes exactly one token per request, a plain key is served from memory', async () => {
    const KEYS = { embed: 'sk-embed', reader: 'sk-reader', limited: 'sk-limited' };
    const keysFile = join(mkdtempSync(join(tmpdir(), 'rag-api-keys-')), 'keys.json');
    writeFileSync(
      keysFile,
      json({
        keys: [
          { id: 'embed', sha256: sha256(KEYS.embed), collections: ['*'], permissions: ['embed', 'read'] },
          { id: 'reader', sha256: sha256(KEYS.reader), collections: ['*'], permissions: ['read'] },
          { id: 'limited', sha256: sha256(KEYS.limited), collections: ['*'], permissions: ['embed'], requestsPerMinute: 4 },
        ],
      }),
    );
    const as = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
    const body = json({ input: sixteen });
    const exchanges: Exchange[] = [
      ...warmed({ input: sixteen }).map((exchange) => ({ ...exchange, headers: as(KEYS.embed) })),
      { body, headers: { 'api-key': KEYS.embed } },
      { body },
      { body, headers: as('sk-wrong') },
      { body, headers: as(KEYS.reader) },
      ...Array.from({ length: 5 }, () => ({ body, headers: as(KEYS.limited) })),
    ];
    const on = await expectSameOnAndOff(redis, { ...local, RAG_API_KEYS_FILE: keysFile }, exchanges, as(KEYS.embed));
    expect(on.answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 401, 401, 403, 200, 200, 200, 200, 429]);
    expect(on.reachedNest.slice(2, 4)).toEqual([false, false]);
    expect(on.answers[10].headers).toContain('x-ratelimit-remaining-requests: 0');
  }, 120_000);

  it('the same body again: answered from memory while its vectors are the L1\'s; once another process overwrote one, the new vector, never the body kept', async () => {
    const flush = new Redis(redis.url);
    await flush.flushall();
    const api = await createApp({ ...local, REDIS_URL: redis.url, HTTP_FAST_PATH: 'true' });
    const controller = jest.spyOn(api.app.get(EmbeddingsService), 'embed');
    const replacement = Array.from(new LocalEmbeddingProvider().embedSync('an entirely different text'));
    try {
      const body = json({ input: sixteen, encoding_format: 'float' });
      // The vectors answered (fetched whole: `send` digests long bodies).
      const embeddings = async (): Promise<number[][]> => {
        const res = await fetch(`${api.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect(res.status).toBe(200);
        return ((await res.json()) as { data: Array<{ embedding: number[] }> }).data.map((item) => item.embedding);
      };
      const isReplacement = (vector: number[]): boolean => vector.every((x, i) => Math.abs(x - replacement[i]) < 1e-6);
      // A miss, a Redis hit (the L1 and memo filled), from memory (the body kept), then the kept body's path.
      const warm = [];
      for (let i = 0; i < 4; i += 1) warm.push(await send(api.url, { body, headers: { 'x-request-id': 'same' } }));
      expect(controller).toHaveBeenCalledTimes(2);
      expect(warm[3]).toEqual(warm[2]);
      const l1Hits = async (): Promise<number> => sampleValue(await metricsText(api.url), 'embedding_cache_requests_total', { result: 'l1_hit' });
      const l1HitsBefore = await l1Hits();
      expect(await send(api.url, { body, headers: { 'x-request-id': 'same' } })).toEqual(warm[2]);
      // Counted as 16 L1 hits, as the lookup it skipped would have counted them.
      expect((await l1Hits()) - l1HitsBefore).toBe(16);
      expect(controller).toHaveBeenCalledTimes(2);
      // Another process writes another vector for text 5 (as an admin script or another replica would).
      await flush.set(buildCacheKey(EMBEDDING_CACHE_DEFAULTS.prefix, 'local-hash-v1', sixteen[5]), encodeVector(replacement), 'EX', 3_600);
      await waitFor(
        async () => isReplacement((await embeddings())[5]),
        { timeoutMs: 5_000, intervalMs: 20, description: 'the new vector of text 5 answered for the same body' },
      );
      // From then on the same body answers the new vector every time, from memory again once read.
      const after = [];
      for (let i = 0; i < 3; i += 1) after.push(await send(api.url, { body, headers: { 'x-request-id': 'same' } }));
      expect(after[2]).toEqual(after[1]);
      expect(after[1]).not.toEqual(warm[2]);
      for (let i = 0; i < 3; i += 1) expect(isReplacement((await embeddings())[5])).toBe(true);
      const calls = controller.mock.calls.length;
      await send(api.url, { body });
      expect(controller.mock.calls.length).toBe(calls);
    } finally {
      controller.mockRestore();
      flush.disconnect();
      await api.close();
    }
  }, 60_000);

  it('at LOG_LEVEL info, a request served from memory is logged with the same line as through the full stack', async () => {
    /** The request lines of a spawned rag-api after the same requests, without what differs from run to run. */
    const requestLines = async (fastPath: string): Promise<Array<Record<string, unknown>>> => {
      const flush = new Redis(redis.url);
      await flush.flushall();
      flush.disconnect();
      const port = await freePort();
      const env = { ...local, PORT: String(port), LOG_LEVEL: 'info', REDIS_URL: redis.url, VECTOR_STORE_PATH: 'memory://', JOBS_IN_PROCESS: 'false', HTTP_FAST_PATH: fastPath };
      const api = await spawnApp('apps/rag-api/src/main.ts', env, `http://127.0.0.1:${port}/health/live`, 90_000);
      try {
        // A miss, a Redis hit, then from memory, and the same body again twice (the repeated-body path).
        for (let i = 0; i < 5; i += 1) await send(api.url, { body: json({ input: sixteen }), headers: { 'x-request-id': `logged-${i}`, authorization: 'Bearer sk-not-logged' } });
      } finally {
        api.kill('SIGTERM');
        await api.exited;
      }
      return api
        .output()
        .split('\n')
        .filter((line) => line.includes('"logged-'))
        .map((line) => {
          const { time, pid, hostname, responseTime, ...rest } = JSON.parse(line) as Record<string, unknown>;
          const req = rest.req as Record<string, unknown>;
          expect([time, pid, hostname, responseTime, req.remotePort].every((value) => value !== undefined)).toBe(true);
          return { ...rest, req: { ...req, remotePort: 'varies', headers: { ...(req.headers as object), host: 'varies' } } };
        });
    };
    const on = await requestLines('true');
    const off = await requestLines('false');
    expect(on).toHaveLength(5);
    expect(on).toEqual(off);
    expect(JSON.stringify(on)).not.toContain('sk-not-logged');
  }, 180_000);
});
