import { Redis } from 'ioredis';
import { encodeVector } from '@rag/embedding-cache';
import type { TestRedisServer } from '@rag/test-utils';

/** One row: bytes per entry for a vector size and storage format. */
export interface MemoryRow {
  dims: number;
  format: 'float32' | 'float16' | 'JSON text';
  valueBytes: number;
  memoryUsageBytes: number;
  usedMemoryDeltaPerEntry: number;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/**
 * Redis memory per entry (`MEMORY USAGE` of sample keys, and the `used_memory` delta over
 * `entries` keys) for each vector size, as float32, float16 and JSON text of the same vectors.
 * Keys are `embedding_cache:<64 hex>`, as in production.
 */
export async function runMemorySuite(server: TestRedisServer, entries: number): Promise<MemoryRow[]> {
  const redis = new Redis(server.url);
  const rows: MemoryRow[] = [];
  try {
    for (const dims of [384, 1536, 3072]) {
      for (const format of ['float32', 'float16', 'JSON text'] as const) {
        await redis.flushall();
        const before = await usedMemory(redis);
        let valueBytes = 0;
        for (let start = 0; start < entries; start += 500) {
          const pipeline = redis.pipeline();
          for (let i = start; i < Math.min(entries, start + 500); i += 1) {
            const vector = Float32Array.from({ length: dims }, (_, j) => Math.sin(i * 7 + j) * 0.05);
            const value = format === 'JSON text' ? JSON.stringify(Array.from(vector)) : encodeVector(vector, format);
            valueBytes = Buffer.byteLength(value);
            pipeline.set(`embedding_cache:${i.toString(16).padStart(64, '0')}`, value, 'EX', 86_400);
          }
          await pipeline.exec();
        }
        const after = await usedMemory(redis);
        let usage = 0;
        for (let i = 0; i < 20; i += 1) usage += Number(await redis.memory('USAGE', `embedding_cache:${i.toString(16).padStart(64, '0')}`));
        rows.push({ dims, format, valueBytes, memoryUsageBytes: usage / 20, usedMemoryDeltaPerEntry: (after - before) / entries });
      }
    }
    await redis.flushall();
  } finally {
    redis.disconnect();
  }
  return rows;
}
