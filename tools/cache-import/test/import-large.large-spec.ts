import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { encodeVector } from '@rag/embedding-cache';
import { startRedisServer } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { writeLegacyFile } from './support/legacy-file';
import type { LargeFile } from './support/legacy-file';
import { count, runImport, startImport } from './support/run-import';
import type { ImportRun } from './support/run-import';

/** The budget: 200 MB, read as decimal megabytes (the stricter reading of "MB"). */
const RSS_BUDGET_BYTES = 200 * 1000 * 1000;
const MIN_FILE_BYTES = 500 * 1024 * 1024;
const DIMS = 1536;
const PREFIX = 'legacy_large';

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

/** Peak RSS in bytes: from `/usr/bin/time -v` when the machine has it, else the tool's own summary line. */
function peakRssBytes(run: ImportRun): number {
  if (run.maxRssKiB !== undefined) return run.maxRssKiB * 1024;
  const match = /^([\d.]+) MiB$/.exec(run.summary['peak RSS'] ?? '');
  if (!match) throw new Error(`no peak RSS in the summary:\n${run.stdout}`);
  return Number(match[1]) * 2 ** 20;
}

function figures(label: string, run: ImportRun, file: LargeFile): string {
  const seconds = Number(/^([\d.]+) s/.exec(run.summary['elapsed'] ?? '')?.[1] ?? NaN);
  const rssBytes = peakRssBytes(run);
  const source = run.maxRssKiB === undefined ? 'process.resourceUsage() (no /usr/bin/time)' : '/usr/bin/time -v';
  return [
    `${label}:`,
    `  file            ${mb(file.bytes)} MB (${(file.bytes / 2 ** 20).toFixed(1)} MiB), ${file.entries} entries × ${DIMS} dims`,
    `  imported        ${run.summary['imported']} (already present ${run.summary['already present']})`,
    `  elapsed         ${seconds.toFixed(1)} s`,
    `  throughput      ${Math.round(file.entries / seconds)} entries/s, ${mb(file.bytes / seconds)} MB/s`,
    `  peak RSS        ${mb(rssBytes)} MB (${(rssBytes / 2 ** 20).toFixed(1)} MiB) by ${source}; tool summary: ${run.summary['peak RSS']}`,
  ].join('\n');
}

describe('cache:import of a 500 MB legacy file', () => {
  let server: TestRedisServer;
  let raw: Redis;
  let dir: string;
  let path: string;
  let file: LargeFile;
  const env = (): Record<string, string> => ({ REDIS_URL: server.url, REDIS_EMBEDDING_CACHE_PREFIX: PREFIX });

  beforeAll(async () => {
    // AOF keeps what was written before the kill, so the rerun shows it as already present.
    server = await startRedisServer({ args: ['--appendonly', 'yes', '--appendfsync', 'everysec'] });
    raw = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
    dir = mkdtempSync(join(tmpdir(), 'cache-import-large-'));
    path = join(dir, 'llamaindex_cache.json');
    const started = Date.now();
    file = await writeLegacyFile(path, { minBytes: MIN_FILE_BYTES, dims: DIMS });
    console.log(`generated ${mb(file.bytes)} MB, ${file.entries} entries in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  afterAll(async () => {
    raw.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports every entry with a peak RSS under 200 MB', async () => {
    const run = await runImport(['--file', path], { env: env(), time: true });

    console.log(`${figures('import of the whole file', run, file)}\n${run.stdout}`);
    expect(run.code).toBe(0);
    expect(count(run, 'imported')).toBe(file.entries);
    expect(await raw.dbsize()).toBe(file.entries);
    for (const sample of file.samples) {
      await expect(raw.getBuffer(`${PREFIX}:${sample.key}`)).resolves.toEqual(encodeVector(sample.vector));
    }
    expect(peakRssBytes(run)).toBeLessThan(RSS_BUDGET_BYTES);
  });

  it('exits non-zero with a clear message when Redis is killed in the middle, and the rerun completes', async () => {
    await raw.flushall();
    const { done } = startImport(['--file', path], { env: env() });
    let killedAt = 0;
    while (killedAt === 0) {
      const size = await raw.dbsize();
      if (size >= file.entries * 0.4) {
        killedAt = size;
        await server.kill();
      } else {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    raw.disconnect();

    const failed = await done;

    console.log(`Redis killed at ${killedAt} keys; the import said:\n${failed.stderr.split('\n').filter((l) => l.startsWith('cache:import')).join('\n')}`);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/^cache:import: lost the connection to Redis: .*rerun the same command once Redis is back to continue$/m);
    expect(count(failed, 'imported')).toBeLessThan(file.entries);

    await server.restart();
    raw = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
    const rerun = await runImport(['--file', path], { env: env(), time: true });

    console.log(figures('rerun after the restart', rerun, file));
    expect(rerun.code).toBe(0);
    expect(count(rerun, 'already present')).toBeGreaterThan(0);
    expect(count(rerun, 'imported') + count(rerun, 'already present')).toBe(file.entries);
    expect(await raw.dbsize()).toBe(file.entries);
  });
});
