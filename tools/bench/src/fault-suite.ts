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
}

/** A cache instance of its own (timeout 50 ms, breaker after 3 failures, L1 64 MiB) on a private server. */
export async function runFaultSuite(): Promise<FaultRows> {
  Logger.overrideLogger(['error']);
  const server = await startRedisServer();
  const options: EmbeddingCacheModuleOptions = { url: server.url, prefix: 'fault', registry: new Registry(), l1MaxMb: 64 };
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
    // Writes do not fill the L1 (their own invalidations would drop them at once): read until it holds every text.
    for (let i = 0; i < 50 && cache.stats().l1Entries < texts.length; i += 1) await cache.getMany('m', texts);
    const single: number[] = [];
    const many: number[] = [];
    // Timed 200 calls at a time: a per-call timer would cost about as much as an L1 hit itself.
    for (let round = 0; round < 30; round += 1) {
      single.push(
        ((await time(async () => {
          for (let i = 0; i < 200; i += 1) await cache.get('m', texts[(round * 200 + i) % 1000]);
        })) * 1000) / 200,
      );
    }
    for (let round = 0; round < 30; round += 1) many.push(((await time(() => cache.getMany('m', texts))) * 1000) / texts.length);

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
    };
  } finally {
    await app.close();
    await server.stop();
  }
}
