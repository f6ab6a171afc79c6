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
      const upstream = request(`${spawned.url}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
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

/** Vectors of `texts` asked of rag-api directly as JSON numbers (`encoding_format: "float"`). */
export async function floatEmbeddings(apiUrl: string, texts: string[]): Promise<number[][]> {
  const res = await fetch(`${apiUrl}/v1/embeddings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input: texts, encoding_format: 'float' }),
  });
  if (res.status !== 200) throw new Error(`float request answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { data: Array<{ embedding: number[] }> };
  return body.data.map((item) => item.embedding);
}

/** Counters of rag-api's `/metrics` that the client tests compare before and after a call. */
export interface ServedCounts {
  /** `embedding_cache_requests_total` of `hit` plus `l1_hit`: unique keys served from either tier. */
  hits: number;
  /** `embedding_cache_requests_total{result="miss"}`. */
  misses: number;
  /** `http_requests_total` of `POST /v1/embeddings` answered 200. */
  ok: number;
  /** `http_requests_total` of `POST /v1/embeddings` answered 400. */
  rejected: number;
}

/** Reads `ServedCounts` from rag-api's `/metrics`. */
export async function servedCounts(apiUrl: string): Promise<ServedCounts> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  const http = (status: string) => sampleValue(text, 'http_requests_total', { method: 'POST', route: '/v1/embeddings', status });
  return {
    hits: sampleValue(text, 'embedding_cache_requests_total', { result: 'hit' }) + sampleValue(text, 'embedding_cache_requests_total', { result: 'l1_hit' }),
    misses: sampleValue(text, 'embedding_cache_requests_total', { result: 'miss' }),
    ok: http('200'),
    rejected: http('400'),
  };
}

/** What changed between two `servedCounts` readings. */
export function countsDelta(before: ServedCounts, after: ServedCounts): ServedCounts {
  return {
    hits: after.hits - before.hits,
    misses: after.misses - before.misses,
    ok: after.ok - before.ok,
    rejected: after.rejected - before.rejected,
  };
}
