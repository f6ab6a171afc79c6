import type { Cluster, Redis } from 'ioredis';
import { waitFor } from '@rag/test-utils';
import { buildCacheKey } from '../../src/lib/utils/cache-key.util';
import { encodeVector } from '../../src/lib/utils/encode-vector.util';
import type { CacheProcess } from './cache-process';
import { vectorFor } from './create-cache';
import type { CacheInstance } from './create-cache';

/** Dimensions of the vectors of the coherence tests: small, the values are what matters. */
export const COHERENCE_DIMS = 8;

/**
 * Longest time a test waits for every process to stop serving an old value. The target is 1 s;
 * the bound is 2 s so that it holds with one CPU core kept busy (the figures measured are printed).
 */
export const COHERENCE_BOUND_MS = 2_000;

/** The float32 values a process returns for `seed`'s vector. */
export function expectedVector(seed: string, dims = COHERENCE_DIMS): number[] {
  return Array.from(Float32Array.from(vectorFor(seed, dims)));
}

/**
 * Reads `texts` in every process until a read is served entirely by its L1, each read returning
 * what `expected` says. Seed with `writeAndAwaitInvalidations` first: an invalidation of the
 * seeding writes arriving after this would empty the L1 again.
 */
export async function fillEveryL1(procs: readonly CacheProcess[], model: string, texts: string[], expected: (text: string) => number[]): Promise<void> {
  for (const [i, proc] of procs.entries()) {
    await waitFor(
      async () => {
        const before = (await proc.stats()).l1Hits;
        expect(await proc.getMany(model, texts)).toEqual(texts.map((text) => expected(text)));
        return (await proc.stats()).l1Hits - before === texts.length;
      },
      { timeoutMs: COHERENCE_BOUND_MS, description: `process ${i} serving ${texts.length} texts from L1` },
    );
  }
}

/**
 * Polls every process (concurrently) until `getMany(model, [text])` returns `want`, and resolves
 * the milliseconds each one took, counted from `since` (a `performance.now()` value).
 */
export async function untilEveryProcessReads(
  procs: readonly CacheProcess[],
  model: string,
  text: string,
  want: number[] | null,
  since: number,
  boundMs = COHERENCE_BOUND_MS,
): Promise<number[]> {
  return Promise.all(
    procs.map(async (proc, i) => {
      await waitFor(async () => JSON.stringify((await proc.getMany(model, [text]))[0]) === JSON.stringify(want), {
        timeoutMs: Math.max(0, boundMs - (performance.now() - since)),
        intervalMs: 10,
        description: `process ${i} (pid ${proc.pid}) reading ${want === null ? 'a miss' : 'the new value'} for "${text}"`,
      });
      return Math.round(performance.now() - since);
    }),
  );
}

/** `embedding_cache_l1_invalidations_total` in a metrics text. */
export function invalidationsIn(metricsText: string): number {
  return Number(/^embedding_cache_l1_invalidations_total (\d+)/m.exec(metricsText)?.[1] ?? 0);
}

/**
 * Writes each text's vector (`COHERENCE_DIMS`) under its key with the raw client, as another writer
 * of the fleet would, and waits until every process has received the invalidations.
 */
export function seedVectors(procs: readonly CacheProcess[], raw: Redis | Cluster, prefix: string, model: string, texts: string[]): Promise<void> {
  return writeAndAwaitInvalidations(procs, texts.length, async () => {
    for (const text of texts) await raw.set(buildCacheKey(prefix, model, text), encodeVector(vectorFor(text, COHERENCE_DIMS), 'float32'), 'EX', 3_600);
  });
}

/**
 * Runs `write` (which changes `keys` keys in Redis) and waits until every process has received
 * their invalidations, so that none arrives later and drops what a test then puts in the L1.
 */
export async function writeAndAwaitInvalidations(procs: readonly CacheProcess[], keys: number, write: () => Promise<void>): Promise<void> {
  const counts = async (): Promise<number[]> => Promise.all(procs.map(async (proc) => invalidationsIn(await proc.metrics())));
  const before = await counts();
  await write();
  await waitFor(async () => (await counts()).every((count, i) => count >= before[i] + keys), {
    timeoutMs: COHERENCE_BOUND_MS,
    description: `every process receiving the invalidations of ${keys} written keys`,
  });
}

/** `embedding_cache_l1_flushes_total{reason}` in a process's metrics text. */
export function flushesIn(metricsText: string, reason: string): number {
  return Number(new RegExp(`embedding_cache_l1_flushes_total\\{reason="${reason}"} (\\d+)`).exec(metricsText)?.[1] ?? 0);
}

/** Flushes with `reason` in every process. */
export async function flushesOf(procs: readonly CacheProcess[], reason: string): Promise<number[]> {
  return Promise.all(procs.map(async (proc) => flushesIn(await proc.metrics(), reason)));
}

/** Resolves once every process's invalidation channel is `subscribed`. */
export async function untilEverySubscribed(procs: readonly CacheProcess[], timeoutMs: number): Promise<number> {
  return waitFor(async () => (await Promise.all(procs.map((proc) => proc.stats()))).every((stats) => stats.l1Channel === 'subscribed'), {
    timeoutMs,
    intervalMs: 50,
    description: 'every process subscribed',
  });
}

/**
 * Runs `write` (which changes `keys` keys in Redis) and waits until the in-process `instance`
 * has received their invalidations (see `writeAndAwaitInvalidations`).
 */
export async function writeAndAwaitOwnInvalidations(instance: CacheInstance, keys: number, write: () => Promise<unknown>): Promise<void> {
  const count = async (): Promise<number> => invalidationsIn(await instance.registry.metrics());
  const before = await count();
  await write();
  await waitFor(async () => (await count()) >= before + keys, {
    timeoutMs: COHERENCE_BOUND_MS,
    description: `the invalidations of ${keys} written keys`,
  });
}
