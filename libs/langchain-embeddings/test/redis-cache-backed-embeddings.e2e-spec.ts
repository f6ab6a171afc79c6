import { Test } from '@nestjs/testing';
import { decodeVector, EmbeddingCacheModule, EmbeddingCacheService, registerEmbeddingCacheRedis } from '@rag/embedding-cache';
import type { EmbeddingCacheModuleOptions } from '@rag/embedding-cache';
import { startRedisServer, waitFor } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { RedisCacheBackedEmbeddings } from '../src/index';
import { CountingEmbeddings, float32VectorFor } from './support/counting-embeddings';
import { createCacheService } from './support/create-cache-service';
import type { CacheServiceInstance } from './support/create-cache-service';
import { spawnEmbedder } from './support/spawn-embedder';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

describe('RedisCacheBackedEmbeddings against a real redis-server of our own', () => {
  const prefix = 'langchain_e2e';
  let server: TestRedisServer;
  let instance: CacheServiceInstance;
  let redis: Redis;
  let testNo = 0;
  let model: string;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    server = await startRedisServer();
    instance = await createCacheService(server.url, { prefix, timeoutMs: 50, breakerThreshold: 3, probeIntervalMs: 100 });
    redis = new Redis(server.url, { lazyConnect: true });
    await redis.connect();
  });

  afterAll(async () => {
    redis?.disconnect();
    await instance?.close();
    await server?.stop();
    process.off('unhandledRejection', onUnhandled);
  });

  beforeEach(() => {
    // A model id per test: no test sees another's entries.
    testNo += 1;
    model = `fake-model-${testNo}`;
  });

  afterEach(() => {
    expect(unhandled).toEqual([]);
  });

  const embeddingsWith = (underlying: CountingEmbeddings, extra: { queryModel?: string | false } = {}): RedisCacheBackedEmbeddings =>
    new RedisCacheBackedEmbeddings({ underlying, cache: instance.cache, model, ...extra });

  it('sends only misses to the underlying embeddings and stores binary float32 values in Redis', async () => {
    const underlying = new CountingEmbeddings();
    const embeddings = embeddingsWith(underlying);

    const first = await embeddings.embedDocuments(['alpha', 'beta']);
    const second = await embeddings.embedDocuments(['beta', 'gamma', 'alpha']);

    expect(underlying.documentCalls).toEqual([['alpha', 'beta'], ['gamma']]);
    expect(first).toEqual([float32VectorFor('alpha'), float32VectorFor('beta')]);
    expect(second).toEqual([float32VectorFor('beta'), float32VectorFor('gamma'), float32VectorFor('alpha')]);
    expect(second.every((vector) => Array.isArray(vector))).toBe(true);
    const stored = await redis.getBuffer(instance.cache.makeKey(model, 'alpha'));
    expect(stored).not.toBeNull();
    expect(Array.from(decodeVector(stored!) ?? [])).toEqual(float32VectorFor('alpha'));
    // 8 dims as float32 plus the header, where LangChain's JSON of the same numbers is ~170 bytes.
    expect(stored!.length).toBeLessThan(JSON.stringify(float32VectorFor('alpha')).length / 2);
  });

  it('computes a text repeated within one call once, and concurrent calls for the same texts share one computation', async () => {
    const underlying = new CountingEmbeddings(100);
    const embeddings = embeddingsWith(underlying);

    const repeated = await embeddings.embedDocuments(['x', 'y', 'x', 'x']);
    const [a, b] = await Promise.all([embeddings.embedDocuments(['p', 'q']), embeddings.embedDocuments(['q', 'p'])]);

    expect(repeated).toEqual([float32VectorFor('x'), float32VectorFor('y'), float32VectorFor('x'), float32VectorFor('x')]);
    expect(a).toEqual([b[1], b[0]]);
    expect(underlying.documentTexts().sort()).toEqual(['p', 'q', 'x', 'y']);
  });

  it('caches queries under the model, shared with documents of the same text', async () => {
    const underlying = new CountingEmbeddings();
    const embeddings = embeddingsWith(underlying);

    const query = await embeddings.embedQuery('what is a cache?');
    const again = await embeddings.embedQuery('what is a cache?');
    const asDocument = await embeddings.embedDocuments(['what is a cache?']);

    expect(underlying.queryCalls).toEqual(['what is a cache?']);
    expect(underlying.documentCalls).toEqual([]);
    expect(query).toEqual(float32VectorFor('what is a cache?'));
    expect(again).toEqual(query);
    expect(asDocument).toEqual([query]);
  });

  it('sends every query to the underlying embeddings with queryModel: false', async () => {
    const underlying = new CountingEmbeddings();
    const embeddings = embeddingsWith(underlying, { queryModel: false });

    await embeddings.embedQuery('not cached');
    await embeddings.embedQuery('not cached');

    expect(underlying.queryCalls).toEqual(['not cached', 'not cached']);
    expect(await redis.exists(instance.cache.makeKey(model, 'not cached'))).toBe(0);
  });

  it('shares entries between two processes, and a process waits for the other one computing the same texts', async () => {
    const texts = ['shared one', 'shared two', 'shared three'];
    // The other process's provider takes 1 s, so this process asks while it computes.
    const other = spawnEmbedder({ url: server.url, prefix, model, texts, delayMs: 1_000 });
    await Promise.race([other.computing, other.result]);
    const underlying = new CountingEmbeddings();

    const mine = await embeddingsWith(underlying).embedDocuments(texts);
    const theirs = await other.result;

    expect(theirs.computed).toEqual(texts);
    expect(underlying.documentCalls).toEqual([]);
    expect(mine).toEqual(theirs.vectors);
    expect(mine).toEqual(texts.map((text) => float32VectorFor(text)));
  });

  it('reads what another process stored earlier as hits', async () => {
    const texts = ['stored elsewhere 1', 'stored elsewhere 2'];
    const theirs = await spawnEmbedder({ url: server.url, prefix, model, texts }).result;
    const underlying = new CountingEmbeddings();

    const mine = await embeddingsWith(underlying).embedDocuments([...texts, 'new here']);

    expect(theirs.computed).toEqual(texts);
    expect(underlying.documentCalls).toEqual([['new here']]);
    expect(mine.slice(0, 2)).toEqual(theirs.vectors);
  });

  it('works as the Nest provider of the README, injected with the app\'s EmbeddingCacheService', async () => {
    const EMBEDDINGS = Symbol('EMBEDDINGS');
    const underlying = new CountingEmbeddings();
    const options: EmbeddingCacheModuleOptions = { url: server.url, prefix, registry: new Registry(), l1MaxMb: 0 };
    const moduleRef = await Test.createTestingModule({
      imports: [registerEmbeddingCacheRedis(options), EmbeddingCacheModule.forRoot(options)],
      providers: [
        {
          provide: EMBEDDINGS,
          inject: [EmbeddingCacheService],
          useFactory: (cache: EmbeddingCacheService) => new RedisCacheBackedEmbeddings({ underlying, cache, model }),
        },
      ],
    }).compile();
    await moduleRef.init();
    try {
      const embeddings = moduleRef.get<RedisCacheBackedEmbeddings>(EMBEDDINGS);

      await embeddings.embedDocuments(['from nest']);
      const hit = await embeddingsWith(new CountingEmbeddings()).embedDocuments(['from nest']);

      expect(underlying.documentCalls).toEqual([['from nest']]);
      expect(hit).toEqual([float32VectorFor('from nest')]);
    } finally {
      await moduleRef.close();
    }
  });

  it('still answers within 1 s with the underlying vectors while Redis is frozen (SIGSTOP)', async () => {
    const underlying = new CountingEmbeddings();
    const embeddings = embeddingsWith(underlying);
    server.freeze();
    try {
      const started = performance.now();
      const documents = await embeddings.embedDocuments(['frozen 1', 'frozen 2']);
      const query = await embeddings.embedQuery('frozen query');
      const elapsedMs = performance.now() - started;

      expect(elapsedMs).toBeLessThan(1_000);
      expect(documents).toEqual([float32VectorFor('frozen 1'), float32VectorFor('frozen 2')]);
      expect(query).toEqual(float32VectorFor('frozen query'));
      expect(underlying.documentCalls).toEqual([['frozen 1', 'frozen 2']]);
      expect(underlying.queryCalls).toEqual(['frozen query']);
    } finally {
      server.resume();
    }
    // Once Redis answers again, the cache serves hits: a text computed once is not computed again.
    await waitFor(() => instance.cache.stats().state === 'ready', { timeoutMs: 3_000, description: 'cache ready after SIGCONT' });
    await embeddings.embedDocuments(['after the freeze']);
    await embeddings.embedDocuments(['after the freeze']);
    expect(underlying.documentCalls.slice(1)).toEqual([['after the freeze']]);
  });
});
