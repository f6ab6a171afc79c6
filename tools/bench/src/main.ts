/**
 * `npm run bench`: the embedding cache against the floor of raw ioredis on the same bytes, on a
 * private redis-server started on a free loopback port. Cases are interleaved round by round so
 * that machine noise hits the cache and its floor alike. Prints a markdown table.
 *
 * Flags: --count N (vectors per batch, default 1000), --dims N (default 1536), --rounds N (default 30).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
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
import { startRedisServer } from '@rag/test-utils';
import { summarize, time } from './stats';

interface Row {
  name: string;
  samples: number[];
  floor?: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '1000' }, dims: { type: 'string', default: '1536' }, rounds: { type: 'string', default: '30' } },
  });
  const count = Number(values.count);
  const dims = Number(values.dims);
  const rounds = Number(values.rounds);
  Logger.overrideLogger(['error']);

  const server = await startRedisServer();
  const options: EmbeddingCacheModuleOptions = { url: server.url, prefix: 'bench', registry: new Registry() };
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

  const texts = Array.from({ length: count }, (_, i) => `benchmark text number ${i}`);
  const vectors = texts.map((_, i) => Float32Array.from({ length: dims }, (_, j) => Math.sin(i * 31 + j) * 0.05));
  await cache.setMany('bench-model', texts.map((text, i) => ({ text, vector: vectors[i] })));
  const keys = texts.map((text) => cache.makeKey('bench-model', text));
  const one = encodeVector(vectors[0]);
  const noCompute = async (): Promise<never[]> => {
    throw new Error('all-hit benchmark computed');
  };

  const rows: Row[] = [
    { name: `raw GET + decode (1 × ${dims})`, samples: [] },
    { name: `get (1 × ${dims})`, samples: [], floor: `raw GET + decode (1 × ${dims})` },
    { name: `raw SET … EX (1 × ${dims})`, samples: [] },
    { name: `set (1 × ${dims})`, samples: [], floor: `raw SET … EX (1 × ${dims})` },
    { name: `raw MGET + decode (${count} × ${dims})`, samples: [] },
    { name: `getMany (${count} × ${dims})`, samples: [], floor: `raw MGET + decode (${count} × ${dims})` },
    { name: `getOrCompute all-hit (${count} × ${dims})`, samples: [], floor: `raw MGET + decode (${count} × ${dims})` },
    { name: `raw pipeline SET … EX (${count} × ${dims})`, samples: [] },
    { name: `setMany (${count} × ${dims})`, samples: [], floor: `raw pipeline SET … EX (${count} × ${dims})` },
  ];
  const cases: Array<() => Promise<unknown>> = [
    async () => decodeVector((await raw.getBuffer(keys[0])) as Buffer),
    () => cache.get('bench-model', texts[0]),
    () => raw.set(keys[0], one, 'EX', 86_400),
    () => cache.set('bench-model', texts[0], vectors[0]),
    async () => (await raw.mgetBuffer(...keys)).map((v) => (v ? decodeVector(v) : null)),
    () => cache.getMany('bench-model', texts),
    () => cache.getOrCompute('bench-model', texts, noCompute),
    () => {
      const pipeline = raw.pipeline();
      keys.forEach((key, i) => pipeline.set(key, encodeVector(vectors[i]), 'EX', 86_400));
      return pipeline.exec();
    },
    () => cache.setMany('bench-model', texts.map((text, i) => ({ text, vector: vectors[i] }))),
  ];
  const singleRepeats = 50;
  for (let round = 0; round < rounds + 3; round += 1) {
    for (const [i, run] of cases.entries()) {
      const single = rows[i].name.includes('(1 ×');
      for (let r = 0; r < (single ? singleRepeats : 1); r += 1) {
        const ms = await time(run);
        if (round >= 3) rows[i].samples.push(ms); // the first rounds warm up the JIT and connections
      }
    }
  }

  const medians = new Map(rows.map((row) => [row.name, summarize(row.samples).median]));
  const lines = [
    `Embedding cache benchmark, ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
    '',
    '| case | median ms | p99 ms | ratio to floor (median) |',
    '|---|---:|---:|---:|',
    ...rows.map((row) => {
      const { median, p99 } = summarize(row.samples);
      const floor = row.floor ? medians.get(row.floor) : undefined;
      return `| ${row.name} | ${median.toFixed(3)} | ${p99.toFixed(3)} | ${floor ? `${(median / floor).toFixed(2)} ×` : 'floor'} |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  raw.disconnect();
  await app.close();
  await server.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
