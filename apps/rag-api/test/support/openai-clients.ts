import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, spawnApp, startRedisServer } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';
import { sampleValue } from './create-app';

/**
 * `EMBEDDING_MAX_INPUT_CHARS` of the spawned rag-api. Below the default (32768) so that an
 * over-long text is still shorter than the 8192 tokens at which LlamaIndex truncates inputs
 * itself for OpenAI model names: the request then reaches rag-api, which answers 400.
 */
export const MAX_INPUT_CHARS = 2000;

/** The model names rag-api serves with its own model, as the README tells users to set. */
export const MODEL_ALIASES = 'text-embedding-ada-002,text-embedding-3-small';

/** One `POST /v1/embeddings` body as a client sent it. */
export interface RecordedRequest {
  model: string;
  input: string | string[];
  encoding_format?: string;
  dimensions?: number;
}

/** rag-api spawned as `npm start` runs it, on a private redis-server, behind a recording proxy. */
export interface ClientsFixture {
  /** rag-api itself, for plain fetches and `/metrics`. */
  readonly apiUrl: string;
  /** The base URL to give a client: the recording proxy's `/v1`. */
  readonly baseURL: string;
  /** Embedding request bodies that went through the proxy, oldest first. */
  readonly requests: RecordedRequest[];
  stop(): Promise<void>;
}

/**
 * Starts a redis-server, spawns rag-api with the local provider's defaults plus
 * `EMBEDDING_MODEL_ALIASES` (ambient provider variables are blanked: '' counts as unset), and a
 * loopback HTTP proxy that forwards everything to it while recording embedding request bodies,
 * so that tests can assert how each client batches and encodes.
 */
export async function startClientsFixture(): Promise<ClientsFixture> {
  const redis: TestRedisServer = await startRedisServer();
  const port = await freePort();
  let api: SpawnedApp | undefined;
  try {
    api = await spawnApp(
      'apps/rag-api/src/main.ts',
      {
        PORT: String(port),
        REDIS_URL: redis.url,
        VECTOR_STORE_PATH: 'memory://',
        EMBEDDING_PROVIDER: '',
        EMBEDDING_MODEL: '',
        EMBEDDING_DIMENSIONS: '',
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
        EMBEDDING_MODEL_ALIASES: MODEL_ALIASES,
        EMBEDDING_MAX_INPUT_CHARS: String(MAX_INPUT_CHARS),
        // These suites count cache misses and hits, not Redis latency: with one core kept busy, the
        // 50 ms default budget of a lookup was missed (10 of 2,000 keys counted `error`, computed
        // fail-open, instead of `miss`). The budget itself is the fault suites' subject.
        REDIS_EMBEDDING_CACHE_TIMEOUT_MS: '2000',
      },
      `http://127.0.0.1:${port}/health/live`,
    );
  } catch (error) {
    await redis.stop();
    throw error;
  }
  const spawned = api;
  const requests: RecordedRequest[] = [];
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url === '/v1/embeddings') requests.push(JSON.parse(body.toString('utf8')) as RecordedRequest);
      // A connection of its own per request (agent: false): a pooled one could be one rag-api closed
      // while this process was busy (its keep-alive timeout, 5 s), and the client would see it fail.
      const upstream = request(`${spawned.url}${req.url ?? '/'}`, { method: req.method, headers: req.headers, agent: false }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  // The clients' pooled connections stay open until stop(): a keep-alive timeout here could close
  // one just as a client that was busy for seconds reuses it ("other side closed").
  proxy.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = proxy.address() as AddressInfo;
  return {
    apiUrl: spawned.url,
    baseURL: `http://127.0.0.1:${proxyPort}/v1`,
    requests,
    stop: async () => {
      // Keep-alive sockets of the clients would otherwise hold the proxy open.
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      spawned.kill('SIGTERM');
      await spawned.exited;
      await redis.stop();
    },
  };
}

/** `count` distinct texts starting with `prefix`. */
export function distinctTexts(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} text number ${i}`);
}

/**
 * One HTTP exchange with rag-api on a connection of its own (`agent: false`, closed after it).
 * The tests' own reads go through this rather than `fetch`, whose pool reuses a kept-alive
 * connection: after seconds of comparing vectors on a busy CPU, rag-api had closed it (its 5 s
 * keep-alive timeout) before this process could see it, and the next read failed with
 * "other side closed".
 */
function exchange(url: string, method: 'GET' | 'POST', body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Vectors of `texts` asked of rag-api directly as JSON numbers (`encoding_format: "float"`). */
export async function floatEmbeddings(apiUrl: string, texts: string[]): Promise<number[][]> {
  const res = await exchange(`${apiUrl}/v1/embeddings`, 'POST', JSON.stringify({ input: texts, encoding_format: 'float' }));
  if (res.status !== 200) throw new Error(`float request answered ${res.status}: ${res.text}`);
  const body = JSON.parse(res.text) as { data: Array<{ embedding: number[] }> };
  return body.data.map((item) => item.embedding);
}

/** Counters of rag-api's `/metrics` that the client tests compare before and after a call. */
export interface ServedCounts {
  /** `embedding_cache_requests_total` of `hit` plus `l1_hit`: unique keys served from either tier. */
  hits: number;
  /** `embedding_cache_requests_total{result="miss"}`. */
  misses: number;
  /** `embedding_cache_requests_total` of `error` plus `corrupt`: lookups that failed (then computed), which none of these tests expects. */
  errors: number;
  /** `http_requests_total` of `POST /v1/embeddings` answered 200. */
  ok: number;
  /** `http_requests_total` of `POST /v1/embeddings` answered 400. */
  rejected: number;
}

/** Reads `ServedCounts` from rag-api's `/metrics`. */
export async function servedCounts(apiUrl: string): Promise<ServedCounts> {
  const { text } = await exchange(`${apiUrl}/metrics`, 'GET');
  const http = (status: string) => sampleValue(text, 'http_requests_total', { method: 'POST', route: '/v1/embeddings', status });
  return {
    hits: sampleValue(text, 'embedding_cache_requests_total', { result: 'hit' }) + sampleValue(text, 'embedding_cache_requests_total', { result: 'l1_hit' }),
    misses: sampleValue(text, 'embedding_cache_requests_total', { result: 'miss' }),
    errors: sampleValue(text, 'embedding_cache_requests_total', { result: 'error' }) + sampleValue(text, 'embedding_cache_requests_total', { result: 'corrupt' }),
    ok: http('200'),
    rejected: http('400'),
  };
}

/** What changed between two `servedCounts` readings. */
export function countsDelta(before: ServedCounts, after: ServedCounts): ServedCounts {
  return {
    hits: after.hits - before.hits,
    misses: after.misses - before.misses,
    errors: after.errors - before.errors,
    ok: after.ok - before.ok,
    rejected: after.rejected - before.rejected,
  };
}
