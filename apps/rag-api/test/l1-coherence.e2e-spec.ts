import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { RedisModule } from '@liaoliaots/nestjs-redis';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { EMBEDDING_CACHE_DEFAULTS, EmbeddingCacheModule, EmbeddingCacheService, buildCacheKey, buildEmbeddingCacheRedisConfig, encodeVector } from '@rag/embedding-cache';
import type { EmbeddingCacheModuleOptions } from '@rag/embedding-cache';
import { LocalEmbeddingProvider } from '@rag/embeddings';
import { freePort, spawnApp, startRedisServer, waitFor } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';

const MODEL = 'local-hash-v1';
/** The target is 1 s; the test allows twice that for a loaded machine and reports what it saw. */
const BOUND_MS = 2_000;
const local = new LocalEmbeddingProvider();

interface Embedded {
  vector: number[];
  cache: string;
}

async function embed(api: SpawnedApp, text: string): Promise<Embedded> {
  const res = await fetch(`${api.url}/v1/embeddings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input: [text] }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: Array<{ embedding: number[] }> };
  return { vector: body.data[0].embedding, cache: res.headers.get('x-embedding-cache') ?? '' };
}

/** `embedding_cache_requests_total{result="l1_hit"}` of one process, from its /metrics. */
async function l1Hits(api: SpawnedApp): Promise<number> {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const match = /^embedding_cache_requests_total\{result="l1_hit"\} (\d+)/m.exec(text);
  return match ? Number(match[1]) : 0;
}

/** Whether `api` answered `text` from its L1 (its l1_hit counter moved during the request). */
async function servedFromL1(api: SpawnedApp, text: string): Promise<{ fromL1: boolean; vector: number[] }> {
  const before = await l1Hits(api);
  const { vector } = await embed(api, text);
  return { fromL1: (await l1Hits(api)) > before, vector };
}

/** Asks every process for `text` until each answers it from its L1. */
async function fillEveryL1(apis: SpawnedApp[], text: string): Promise<void> {
  for (const api of apis) {
    await waitFor(async () => (await servedFromL1(api, text)).fromL1, { timeoutMs: 10_000, intervalMs: 50, description: `the L1 of ${api.url} to hold "${text}"` });
  }
}

/**
 * Three rag-api processes, each with its L1 on (the default 64 MiB), on one private Redis: what
 * Redis forgets or overwrites, and what `clear()` in another process deletes, none of them keeps
 * serving from its L1 (#13: before, each served the old vector until restart).
 */
describe('rag-api L1 coherence: 3 processes, one Redis', () => {
  let redis: TestRedisServer;
  let raw: Redis;
  let apis: SpawnedApp[];
  let other: TestingModule;
  const seen: Record<string, number[]> = {};

  const keyOf = (text: string): string => buildCacheKey(EMBEDDING_CACHE_DEFAULTS.prefix, MODEL, text);

  /** Runs `check` on every process until it holds, and records how long each took. */
  const untilEach = async (label: string, check: (api: SpawnedApp) => Promise<boolean>): Promise<void> => {
    const started = performance.now();
    await Promise.all(
      apis.map(async (api) => {
        await waitFor(() => check(api), { timeoutMs: BOUND_MS, intervalMs: 10, description: `${label} on ${api.url}` });
        (seen[label] ??= []).push(Math.round(performance.now() - started));
      }),
    );
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    raw = new Redis(redis.url);
    apis = await Promise.all(
      [0, 1, 2].map(async () => {
        const port = await freePort();
        return spawnApp('apps/rag-api/src/main.ts', { PORT: String(port), REDIS_URL: redis.url, VECTOR_STORE_PATH: 'memory://' }, `http://127.0.0.1:${port}/health/live`);
      }),
    );
    // "Another process": this test's own, with the cache module and no L1, as an admin script would.
    const options: EmbeddingCacheModuleOptions = { url: redis.url, l1MaxMb: 0, registry: new Registry() };
    other = await Test.createTestingModule({
      imports: [RedisModule.forRoot({ readyLog: false, errorLog: false, config: [buildEmbeddingCacheRedisConfig(options)] }), EmbeddingCacheModule.forRoot(options)],
    }).compile();
    await other.init();
  }, 120_000);

  afterAll(async () => {
    console.log(`rag-api L1 coherence, ms from the change until each of 3 processes stopped serving the old vector: ${JSON.stringify(seen)}`);
    await other?.close();
    for (const api of apis ?? []) {
      api.kill('SIGTERM');
      await api.exited;
    }
    raw?.disconnect();
    await redis?.stop();
  });

  it('SET of another vector from outside: every process answers the new one', async () => {
    const text = 'coherence after an overwrite';
    await fillEveryL1(apis, text);
    const replacement = Array.from(local.embedSync('an entirely different text'));
    await raw.set(keyOf(text), encodeVector(replacement), 'EX', 3_600);
    await untilEach('SET', async (api) => {
      const { vector } = await embed(api, text);
      return vector.every((x, i) => Math.abs(x - replacement[i]) < 1e-6);
    });
  });

  it('DEL from redis-cli: every process stops serving its L1 copy', async () => {
    const text = 'coherence after a delete';
    await fillEveryL1(apis, text);
    await raw.del(keyOf(text));
    await untilEach('DEL', async (api) => !(await servedFromL1(api, text)).fromL1);
  });

  it('clear() in another process: every process stops serving its L1 copies', async () => {
    const texts = ['coherence after clear, one', 'coherence after clear, two'];
    for (const text of texts) await fillEveryL1(apis, text);
    await expect(other.get(EmbeddingCacheService).clear()).resolves.toBeGreaterThanOrEqual(texts.length);
    for (const text of texts) await untilEach(`clear ${text}`, async (api) => !(await servedFromL1(api, text)).fromL1);
  });
});
