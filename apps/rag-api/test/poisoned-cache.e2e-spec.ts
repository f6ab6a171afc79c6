import { Redis } from 'ioredis';
import { EMBEDDING_CACHE_DEFAULTS, buildCacheKey, decodeVector, encodeVector } from '@rag/embedding-cache';
import { LOCAL_EMBEDDING_DIMENSIONS, LOCAL_EMBEDDING_MODEL, LocalEmbeddingProvider } from '@rag/embeddings';
import { freePort, spawnApp, startRedisServer, waitForDocument } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';
import { chunkText } from '@rag/vector-store';
import { cacheHeader, sampleValue } from './support/create-app';

const local = new LocalEmbeddingProvider();
const CHUNKING = { chunkSize: 200, chunkOverlap: 40 };

/** A value in the cache's own format that no 384-dim caller can use, by kind. */
function poison(kind: string, text: string): Buffer {
  const vector = Array.from(local.embedSync(text));
  switch (kind) {
    case 'wrong dims':
      return encodeVector([1, 2, 3]);
    case 'NaN':
      return encodeVector(vector.map((x, i) => (i === 10 ? Number.NaN : x)));
    case '+Infinity':
      return encodeVector(vector.map((x, i) => (i === 0 ? Number.POSITIVE_INFINITY : x)));
    case '-Infinity':
      return encodeVector(vector.map((x, i) => (i === 383 ? Number.NEGATIVE_INFINITY : x)));
    default:
      throw new Error(`unknown poison ${kind}`);
  }
}
const KINDS = ['wrong dims', 'NaN', '+Infinity', '-Infinity'];

/** The cache key rag-api uses for `text` (the local model: no `@<dims>` suffix). */
const keyOf = (text: string): string => buildCacheKey(EMBEDDING_CACHE_DEFAULTS.prefix, LOCAL_EMBEDDING_MODEL, text);

describe('rag-api (its own process) never serves a poisoned cache value: recomputed, counted corrupt, overwritten', () => {
  let redis: TestRedisServer;
  let raw: Redis;
  let api: SpawnedApp;

  const post = (path: string, body: unknown): Promise<Response> =>
    fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const corruptCount = async (): Promise<number> =>
    sampleValue(await (await fetch(`${api.url}/metrics`)).text(), 'embedding_cache_requests_total', { result: 'corrupt' });
  const storedVector = async (text: string): Promise<Float32Array | null> => {
    const value = await raw.getBuffer(keyOf(text));
    return value && decodeVector(value);
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    raw = new Redis(redis.url);
    const port = await freePort();
    api = await spawnApp(
      'apps/rag-api/src/main.ts',
      {
        PORT: String(port),
        REDIS_URL: redis.url,
        EMBEDDING_PROVIDER: 'local',
        VECTOR_STORE_PATH: 'memory://',
        CHUNK_SIZE: String(CHUNKING.chunkSize),
        CHUNK_OVERLAP: String(CHUNKING.chunkOverlap),
      },
      `http://127.0.0.1:${port}/health/live`,
    );
  }, 90_000);

  afterAll(async () => {
    api?.kill('SIGTERM');
    await api?.exited;
    raw.disconnect();
    await redis.stop();
  });

  it.each(KINDS)("POST /v1/embeddings mixing a value with %s and a valid cached text → 200, both of the model's dims", async (kind) => {
    const valid = `valid cached text next to ${kind}`;
    const poisoned = `poisoned text with ${kind}`;
    expect((await post('/v1/embeddings', { input: valid })).status).toBe(200);
    await raw.set(keyOf(poisoned), poison(kind, poisoned));
    const before = await corruptCount();

    const res = await post('/v1/embeddings', { input: [valid, poisoned] });

    expect(res.status).toBe(200);
    expect(cacheHeader(res.headers.get('x-embedding-cache') ?? undefined)).toEqual({ hits: 1, misses: 1 });
    const { data } = (await res.json()) as { data: Array<{ embedding: number[] }> };
    for (const { embedding } of data) {
      expect(embedding).toHaveLength(LOCAL_EMBEDDING_DIMENSIONS);
      expect(embedding.every((x) => Number.isFinite(x))).toBe(true);
    }
    expect(data[1].embedding).toEqual(Array.from(local.embedSync(poisoned)));
    expect((await corruptCount()) - before).toBe(1);
    await expect(storedVector(poisoned)).resolves.toEqual(local.embedSync(poisoned));
  });

  it.each(KINDS)('POST /v1/retrieve with a query whose cached value has %s → 200 with results, the value recomputed', async (kind) => {
    const id = `retrieve-${kind.replace(/\W/g, '')}`;
    const text = `Volcanoes erupt lava and ash; geologists watch ${kind} magma chambers.`;
    expect((await post('/v1/documents', { id, text })).status).toBe(202);
    await waitForDocument(api.url, id);
    const query = `volcano lava question about ${kind}`;
    await raw.set(keyOf(query), poison(kind, query));
    const before = await corruptCount();

    const res = await post('/v1/retrieve', { query, topK: 3 });

    expect(res.status).toBe(200);
    expect(cacheHeader(res.headers.get('x-embedding-cache') ?? undefined)).toEqual({ hits: 0, misses: 1 });
    const { results } = (await res.json()) as { results: Array<{ documentId: string }> };
    expect(results.map((r) => r.documentId)).toContain(id);
    expect((await corruptCount()) - before).toBe(1);
    await expect(storedVector(query)).resolves.toEqual(local.embedSync(query));
  });

  it('POST /v1/documents whose chunks have poisoned cached values: the document becomes ready, the values are recomputed', async () => {
    const text = [
      'Sourdough starts with a culture of wild yeast and lactic bacteria, fed with flour and water every day.',
      'A long cold proof in the fridge deepens the flavour and makes the crumb open and glossy.',
      'Bake the loaf in a covered pot for the first twenty minutes, then uncover it to brown the crust.',
      'Let the bread cool for an hour before slicing, or the crumb turns gummy.',
      'Stale sourdough makes excellent croutons, bread pudding and crumbs for frying fish.',
      'Keep the starter in the fridge between bakes and feed it once a week to keep it lively.',
      'Rye flour ferments faster than wheat, so a rye starter rises sooner and smells more sour.',
      'Scoring the top of the loaf with a razor lets it expand evenly in the oven instead of tearing.',
    ].join('\n\n');
    const chunks = chunkText(text, CHUNKING);
    expect(chunks.length).toBeGreaterThanOrEqual(KINDS.length);
    for (const [i, chunk] of chunks.entries()) await raw.set(keyOf(chunk), poison(KINDS[i % KINDS.length], chunk));
    const before = await corruptCount();

    expect((await post('/v1/documents', { id: 'poisoned-chunks', text })).status).toBe(202);
    await waitForDocument(api.url, 'poisoned-chunks');

    expect((await corruptCount()) - before).toBe(chunks.length);
    for (const chunk of chunks) await expect(storedVector(chunk)).resolves.toEqual(local.embedSync(chunk));
    const res = await post('/v1/retrieve', { query: 'sourdough wild yeast culture', topK: 1 });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: Array<{ documentId: string }> }).results[0].documentId).toBe('poisoned-chunks');
  });
});
