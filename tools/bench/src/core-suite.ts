import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RedisModule } from '@liaoliaots/nestjs-redis';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import {
  EmbeddingCacheModule,
  EmbeddingCacheService,
  buildEmbeddingCacheRedisConfig,
  decodeVector,
  encodeVector,
} from '@rag/embedding-cache';
import type { EmbeddingCacheModuleOptions } from '@rag/embedding-cache';
import type { TestRedisServer } from '@rag/test-utils';
import { collectGarbage, summarize, time } from './stats';
import type { Summary } from './stats';

/** Options of the core suite. */
export interface CoreSuiteOptions {
  count: number;
  dims: number;
  rounds: number;
  /** Only the batch reads (getMany / getOrCompute against MGET). */
  batchOnly?: boolean;
}

/** One row: a case, its timings, and the floor it is compared with. */
export interface CoreRow {
  name: string;
  summary: Summary;
  /** Median divided by the floor's median in the same run, when the row has a floor. */
  ratio?: number;
}

interface Case {
  name: string;
  floor?: string;
  single: boolean;
  run: () => Promise<unknown>;
  samples: number[];
}

/**
 * The cache against the floor of raw ioredis on the same bytes. Cases are interleaved round by
 * round, in an order that rotates every round, so that machine noise and garbage collection hit
 * the cache and its floor alike; single-key cases repeat 50 times a round.
 */
export async function runCoreSuite(server: TestRedisServer, { count, dims, rounds, batchOnly = false }: CoreSuiteOptions): Promise<CoreRow[]> {
  Logger.overrideLogger(['error']);
  // L1 off: these rows measure the Redis path; the L1 has rows of its own.
  const options: EmbeddingCacheModuleOptions = { url: server.url, prefix: 'bench', registry: new Registry(), l1MaxMb: 0 };
  @Module({
    imports: [
      RedisModule.forRoot({ readyLog: false, errorLog: false, config: [buildEmbeddingCacheRedisConfig(options)] }),
      EmbeddingCacheModule.forRoot(options),
    ],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  const cache = app.get(EmbeddingCacheService);
  const raw = new Redis(server.url);
  try {
    const texts = Array.from({ length: count }, (_, i) => `benchmark text number ${i}`);
    const vectors = texts.map((_, i) => Float32Array.from({ length: dims }, (_, j) => Math.sin(i * 31 + j) * 0.05));
    await cache.setMany('bench-model', texts.map((text, i) => ({ text, vector: vectors[i] })));
    const keys = texts.map((text) => cache.makeKey('bench-model', text));
    const one = encodeVector(vectors[0]);
    const noCompute = async (): Promise<never[]> => {
      throw new Error('all-hit benchmark computed');
    };
    const batch = `${count} × ${dims}`;
    const all: Case[] = [
      { name: `raw GET + decode (1 × ${dims})`, single: true, samples: [], run: async () => decodeVector((await raw.getBuffer(keys[0])) as Buffer) },
      { name: `get (1 × ${dims})`, floor: `raw GET + decode (1 × ${dims})`, single: true, samples: [], run: () => cache.get('bench-model', texts[0]) },
      { name: `raw SET … EX (1 × ${dims})`, single: true, samples: [], run: () => raw.set(keys[0], one, 'EX', 86_400) },
      { name: `set (1 × ${dims})`, floor: `raw SET … EX (1 × ${dims})`, single: true, samples: [], run: () => cache.set('bench-model', texts[0], vectors[0]) },
      {
        name: `raw MGET + decode (${batch})`,
        single: false,
        samples: [],
        run: async () => (await raw.mgetBuffer(...keys)).map((v) => (v ? decodeVector(v) : null)),
      },
      { name: `getMany (${batch})`, floor: `raw MGET + decode (${batch})`, single: false, samples: [], run: () => cache.getMany('bench-model', texts) },
      {
        name: `getOrCompute all-hit (${batch})`,
        floor: `raw MGET + decode (${batch})`,
        single: false,
        samples: [],
        run: () => cache.getOrCompute('bench-model', texts, noCompute),
      },
      {
        name: `raw pipeline SET … EX (${batch})`,
        single: false,
        samples: [],
        run: () => {
          const pipeline = raw.pipeline();
          keys.forEach((key, i) => pipeline.set(key, encodeVector(vectors[i]), 'EX', 86_400));
          return pipeline.exec();
        },
      },
      {
        name: `setMany (${batch})`,
        floor: `raw pipeline SET … EX (${batch})`,
        single: false,
        samples: [],
        run: () => cache.setMany('bench-model', texts.map((text, i) => ({ text, vector: vectors[i] }))),
      },
    ];
    const cases = batchOnly ? all.filter((c) => /MGET|getMany|getOrCompute/.test(c.name)) : all;
    const warmup = 3;
    for (let round = 0; round < rounds + warmup; round += 1) {
      // Each round starts at the next case: the garbage a large batch leaves (12 MB at 1000 × 3072)
      // is collected during whichever case runs after it, so a fixed order charges one case for it.
      const order = cases.map((_, i) => cases[(i + round) % cases.length]);
      for (const c of order) {
        // A batch leaves megabytes of garbage; collecting it before each batch sample (when run
        // with --expose-gc, as `npm run bench` does) keeps one case from paying for another's.
        if (!c.single) collectGarbage();
        for (let r = 0; r < (c.single ? 50 : 1); r += 1) {
          const ms = await time(c.run);
          if (round >= warmup) c.samples.push(ms);
        }
      }
    }
    const medians = new Map(cases.map((c) => [c.name, summarize(c.samples).median]));
    return cases.map((c) => {
      const summary = summarize(c.samples);
      const floor = c.floor ? medians.get(c.floor) : undefined;
      return { name: c.name, summary, ratio: floor ? summary.median / floor : undefined };
    });
  } finally {
    raw.disconnect();
    await app.close();
  }
}
