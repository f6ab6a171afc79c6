import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RedisModule } from '@liaoliaots/nestjs-redis';
import { Registry } from 'prom-client';
import { EmbeddingCacheModule, EmbeddingCacheService, buildEmbeddingCacheRedisConfig } from '@rag/embedding-cache';
import type { EmbeddingCacheModuleOptions } from '@rag/embedding-cache';
import { startRedisServer } from '@rag/test-utils';
import { collectGarbage, summarize, time } from './stats';
import type { Summary } from './stats';

/** Time to a miss with Redis frozen (SIGSTOP), before and after the circuit opens, and L1 hit costs. */
export interface FaultRows {
  beforeBreaker: Summary & { max: number; calls: number };
  afterBreaker: Summary & { max: number; calls: number };
  l1GetMicros: Summary;
  l1GetManyMicrosPerVector: Summary;
  /** How many of the L1 rows' 36 000 lookups the L1 answered (the others went to Redis). */
  l1HitsOfRows: number;
}

/** A cache instance of its own (timeout 50 ms, breaker after 3 failures, L1 64 MiB) on a private server. */
export async function runFaultSuite(): Promise<FaultRows> {
  Logger.overrideLogger(['error']);
  const server = await startRedisServer();
  const registry = new Registry();
  const options: EmbeddingCacheModuleOptions = { url: server.url, prefix: 'fault', registry, l1MaxMb: 64 };
  @Module({
    imports: [
      RedisModule.forRoot({ readyLog: false, errorLog: false, config: [buildEmbeddingCacheRedisConfig(options)] }),
      EmbeddingCacheModule.forRoot(options),
    ],
  })
  class FaultModule {}
  const app = await NestFactory.createApplicationContext(FaultModule, { logger: ['error'] });
  const cache = app.get(EmbeddingCacheService);
  try {
    const texts = Array.from({ length: 1000 }, (_, i) => `l1 text ${i}`);
    await cache.setMany('m', texts.map((text, i) => ({ text, vector: Float32Array.from({ length: 1536 }, (_, j) => Math.cos(i + j) * 0.05) })));
    // Writes do not fill the L1, and their own invalidations would drop what a read put there
    // before they arrive: wait for them, then read until the L1 holds every text.
    const invalidations = async (): Promise<number> =>
      Number(/ (\d+)$/m.exec(await registry.getSingleMetricAsString('embedding_cache_l1_invalidations_total'))?.[1] ?? 0);
    for (let i = 0; i < 100 && (await invalidations()) < texts.length; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = 0; i < 50 && cache.stats().l1Entries < texts.length; i += 1) await cache.getMany('m', texts);
    const l1HitsBefore = cache.stats().l1Hits;
    const single: number[] = [];
    const many: number[] = [];
    // L1 hits never touch I/O, so a loop of them never lets the event loop turn; the rounds yield
    // to it, as a server does between requests, or the L1's heartbeats (I/O) would not run and
    // after REDIS_EMBEDDING_CACHE_L1_MAX_STALE_MS its entries would rightly stop being served.
    const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    // Timed 200 calls at a time: a per-call timer would cost about as much as an L1 hit itself.
    for (let round = 0; round < 30; round += 1) {
      await turn();
      single.push(
        ((await time(async () => {
          for (let i = 0; i < 200; i += 1) await cache.get('m', texts[(round * 200 + i) % 1000]);
        })) * 1000) / 200,
      );
    }
    for (let round = 0; round < 30; round += 1) {
      await turn();
      many.push(((await time(() => cache.getMany('m', texts))) * 1000) / texts.length);
    }
    const l1HitsOfRows = cache.stats().l1Hits - l1HitsBefore;

    server.freeze();
    const before: number[] = [];
    while (cache.stats().state !== 'circuit_open' && before.length < 100) before.push(await time(() => cache.get('m', `frozen ${before.length}`)));
    const after: number[] = [];
    // The L1 rows above leave garbage; collected here so a GC pause is not counted as breaker cost.
    collectGarbage();
    for (let i = 0; i < 1_000; i += 1) after.push(await time(() => cache.get('m', `frozen after ${i}`)));
    server.resume();
    return {
      beforeBreaker: { ...summarize(before), max: Math.max(...before), calls: before.length },
      afterBreaker: { ...summarize(after), max: Math.max(...after), calls: after.length },
      l1GetMicros: summarize(single),
      l1GetManyMicrosPerVector: summarize(many),
      l1HitsOfRows,
    };
  } finally {
    await app.close();
    await server.stop();
  }
}
