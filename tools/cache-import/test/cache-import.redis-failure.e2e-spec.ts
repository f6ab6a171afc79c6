// cache:import when Redis stops under it: SIGINT, and a killed server with the rerun after its
// restart. Titles stay under the same outer describe as cache-import.e2e-spec.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { encodeVector } from '@rag/embedding-cache';
import { startRedisServer } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { PREFIX, TTL_DAYS } from './support/import-fixture';
import { writeLegacyFile } from './support/legacy-file';
import { count, runImport, startImport } from './support/run-import';

describe('npm run cache:import against a real redis-server', () => {
  const env = { REDIS_EMBEDDING_CACHE_PREFIX: PREFIX, REDIS_EMBEDDING_CACHE_TTL_DAYS: String(TTL_DAYS) };
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cache-import-e2e-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('when Redis dies in the middle', () => {
    let persistent: TestRedisServer;
    let big: Awaited<ReturnType<typeof writeLegacyFile>>;
    let bigPath: string;

    beforeAll(async () => {
      // AOF keeps what was written before the kill, so the rerun shows it as already present.
      persistent = await startRedisServer({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
      bigPath = join(dir, 'big.json');
      big = await writeLegacyFile(bigPath, { minBytes: 30 * 1024 * 1024, dims: 1536 });
    });

    afterAll(async () => {
      await persistent.stop();
    });

    it('stops cleanly on SIGINT with exit 130, keeping every entry it counted', async () => {
      const bigEnv = { ...env, REDIS_URL: persistent.url };
      const watcher = new Redis(persistent.url);
      await watcher.flushall();
      const { child, done } = startImport(['--file', bigPath, '--batch-size', '4'], { env: bigEnv });
      while ((await watcher.dbsize()) < 50) await new Promise((resolve) => setTimeout(resolve, 10));
      child.kill('SIGINT');

      const stopped = await done;

      expect(stopped.code).toBe(130);
      expect(stopped.summary['status']).toBe('interrupted (rerun to continue)');
      expect(stopped.stderr).toMatch(/^cache:import: stopped by SIGINT at byte [\d,]+ of [\d,]+ .*Rerun the same command to continue/m);
      expect(await watcher.dbsize()).toBe(count(stopped, 'imported'));
      expect(count(stopped, 'imported')).toBeLessThan(big.entries);
      await watcher.flushall();
      watcher.disconnect();
    });

    it('exits 3 with a clear message, and the rerun after a restart completes', async () => {
      const bigEnv = { ...env, REDIS_URL: persistent.url };
      const watcher = new Redis(persistent.url, { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
      await watcher.connect();
      const { done } = startImport(['--file', bigPath, '--batch-size', '4'], { env: bigEnv });
      let killedAt = 0;
      while (killedAt === 0) {
        const size = await watcher.dbsize();
        if (size >= big.entries / 3) {
          killedAt = size;
          await persistent.kill();
        } else {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
      watcher.disconnect();

      const failed = await done;

      expect(failed.code).toBe(3);
      expect(failed.summary['status']).toBe('stopped early: Redis failed (rerun to continue)');
      expect(failed.stderr).toMatch(
        /^cache:import: lost the connection to Redis: .*\. Stopped at byte [\d,]+ of [\d,]+ \([\d.]+%\): [\d,]+ entries read, [\d,]+ imported\. Keys already written are kept and skipped on the next run: rerun the same command once Redis is back to continue$/m,
      );
      expect(count(failed, 'imported')).toBeGreaterThanOrEqual(killedAt);
      expect(count(failed, 'imported')).toBeLessThan(big.entries);

      await persistent.restart();
      const rerun = await runImport(['--file', bigPath], { env: bigEnv });

      expect(rerun.code).toBe(0);
      expect(count(rerun, 'already present')).toBeGreaterThanOrEqual(killedAt);
      expect(count(rerun, 'imported') + count(rerun, 'already present')).toBe(big.entries);
      const check = new Redis(persistent.url);
      try {
        expect(await check.dbsize()).toBe(big.entries);
        for (const sample of big.samples) {
          await expect(check.getBuffer(`${PREFIX}:${sample.key}`)).resolves.toEqual(encodeVector(sample.vector));
        }
      } finally {
        check.disconnect();
      }
    });
  });
});
