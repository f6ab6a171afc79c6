// The runs against a plain redis-server. Redis dying mid-import and TLS with an ACL user have a
// spec each: cache-import.redis-failure.e2e-spec.ts and cache-import.tls.e2e-spec.ts.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { encodeVector } from '@rag/embedding-cache';
import { startRedisServer } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { createImportFixture, PREFIX, TTL_DAYS } from './support/import-fixture';
import type { ImportFixture } from './support/import-fixture';
import { legacyKey } from './support/legacy-file';
import type { LegacyFixture } from './support/legacy-file';
import { createReadBack } from './support/read-back';
import { count, runImport } from './support/run-import';
import { WORKSPACE_ROOT } from './support/workspace';
import type { ImportRun } from './support/run-import';

describe('npm run cache:import against a real redis-server', () => {
  let server: TestRedisServer;
  let raw: Redis;
  let files: ImportFixture;
  let dir: string;
  let fixture: LegacyFixture;
  let fixturePath: string;
  let env: Record<string, string>;

  const keysInRedis = async (): Promise<string[]> => (await raw.keys(`${PREFIX}:*`)).sort();
  const expectedKeys = (): string[] => files.expectedKeys();
  const expectSkips = (run: ImportRun): void => {
    for (const [label, n] of Object.entries(fixture.skipped)) expect([label, count(run, label)]).toEqual([label, n]);
    expect(count(run, 'skipped')).toBe(Object.values(fixture.skipped).reduce((a, b) => a + b, 0));
  };

  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url);
    files = createImportFixture();
    ({ dir, fixture, fixturePath } = files);
    env = {
      REDIS_URL: server.url,
      REDIS_EMBEDDING_CACHE_PREFIX: PREFIX,
      REDIS_EMBEDDING_CACHE_TTL_DAYS: String(TTL_DAYS),
    };
  });

  afterAll(async () => {
    raw.disconnect();
    await server.stop();
    files.remove();
  });

  beforeEach(async () => {
    await raw.flushall();
  });

  it('the fixture is one line of Python json.dumps output with \\u escapes and collections beside the embeddings', () => {
    expect(fixture.json).not.toContain('\n');
    expect(fixture.json).toMatch(/^[\x20-\x7e]+$/);
    expect(fixture.json).toContain('"Z\\u00fcrich \\ud83d\\ude00"');
    expect(fixture.json).toContain('"\\u043a\\u043b\\u044e\\u0447": [');
    expect(fixture.json).toContain('[NaN, NaN');
    expect(fixture.json).toContain('"docstore/metadata": {');
  });

  it('imports every valid entry under <prefix>:<key> in the binary format with the TTL, and the cache reads them back', async () => {
    const run = await runImport(['--file', fixturePath], { env });

    expect(run.code).toBe(0);
    expect(run.summary['status']).toBe('completed');
    expect(count(run, 'imported')).toBe(fixture.valid.length);
    expect(count(run, 'already present')).toBe(0);
    expectSkips(run);
    expect(run.summary['collections']).toBe(
      '"data" (28 entries, 8 dims), "embeddings/local" (3 entries, 4 dims), "docstore/metadata" (3 entries), "docstore/ref_doc_info" (2 entries)',
    );
    expect(await keysInRedis()).toEqual(expectedKeys());
    const first = fixture.valid[1];
    await expect(raw.getBuffer(`${PREFIX}:${first.key}`)).resolves.toEqual(encodeVector(first.vector));
    const ttl = await raw.ttl(`${PREFIX}:${first.key}`);
    expect(ttl).toBeGreaterThan(TTL_DAYS * 86_400 - 60);
    expect(ttl).toBeLessThanOrEqual(TTL_DAYS * 86_400);

    const readBack = await createReadBack(server.url, PREFIX);
    try {
      for (const entry of fixture.valid) {
        const got = await readBack.cache.get(entry.model, entry.text);
        expect([entry.text.slice(0, 40), got]).toEqual([entry.text.slice(0, 40), Float32Array.from(entry.vector)]);
      }
    } finally {
      await readBack.close();
    }
  });

  it('writes values in the element type the apps are configured with (REDIS_EMBEDDING_CACHE_DTYPE)', async () => {
    const run = await runImport(['--file', fixturePath], { env: { ...env, REDIS_EMBEDDING_CACHE_DTYPE: 'float16' } });

    expect(run.code).toBe(0);
    const entry = fixture.valid[1];
    await expect(raw.getBuffer(`${PREFIX}:${entry.key}`)).resolves.toEqual(encodeVector(entry.vector, 'float16'));
  });

  it('is idempotent: a second run imports nothing new and changes nothing', async () => {
    await runImport(['--file', fixturePath], { env });
    const before = await raw.getBuffer(`${PREFIX}:${fixture.valid[0].key}`);

    const again = await runImport(['--file', fixturePath], { env });

    expect(again.code).toBe(0);
    expect(count(again, 'imported')).toBe(0);
    expect(count(again, 'already present')).toBe(fixture.valid.length);
    expectSkips(again);
    expect(await keysInRedis()).toEqual(expectedKeys());
    await expect(raw.getBuffer(`${PREFIX}:${fixture.valid[0].key}`)).resolves.toEqual(before);
  });

  it('keeps a key that already exists, and replaces it with --overwrite', async () => {
    const key = `${PREFIX}:${fixture.valid[2].key}`;
    const newer = encodeVector([9, 9, 9, 9, 9, 9, 9, 9]);
    await raw.set(key, newer, 'EX', 100);

    const kept = await runImport(['--file', fixturePath], { env });
    const valueAfterKept = await raw.getBuffer(key);
    const replaced = await runImport(['--file', fixturePath, '--overwrite'], { env });

    expect(count(kept, 'already present')).toBe(1);
    expect(count(kept, 'imported')).toBe(fixture.valid.length - 1);
    expect(valueAfterKept).toEqual(newer);
    expect(replaced.code).toBe(0);
    expect(count(replaced, 'imported')).toBe(fixture.valid.length);
    expect(replaced.summary['already present']).toMatch(/^not checked/);
    await expect(raw.getBuffer(key)).resolves.toEqual(encodeVector(fixture.valid[2].vector));
    expect(await raw.ttl(key)).toBeGreaterThan(100);
  });

  it('--dry-run validates and counts everything, writes nothing and needs no Redis', async () => {
    const run = await runImport(['--file', fixturePath, '--dry-run'], { env: { ...env, REDIS_URL: 'redis://127.0.0.1:1' } });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cache:import summary \(dry run: nothing was written\)$/m);
    expect(count(run, 'would import')).toBe(fixture.valid.length);
    expectSkips(run);
    expect(await raw.dbsize()).toBe(0);
  });

  it('--collection imports only that collection', async () => {
    const run = await runImport(['--file', fixturePath, '--collection', 'embeddings/local'], { env });

    expect(run.code).toBe(0);
    expect(count(run, 'imported')).toBe(3);
    expect(run.summary['not selected']).toBe('"data", "docstore/metadata", "docstore/ref_doc_info"');
    expect(await keysInRedis()).toEqual(fixture.valid.filter((v) => v.collection === 'embeddings/local').map((v) => `${PREFIX}:${v.key}`).sort());
  });

  it('a truncated file: the entries before the cut are imported, exit 4 says how far it got, the repaired file completes', async () => {
    const cutAt = fixture.json.indexOf(legacyKey('text-embedding-3-small', '日本語のテキスト')) + 30;
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, fixture.json.slice(0, cutAt));

    const run = await runImport(['--file', truncated], { env });

    expect(run.code).toBe(4);
    expect(run.summary['status']).toBe('stopped early: the file is truncated or damaged');
    expect(count(run, 'imported')).toBe(4);
    expect(run.stderr).toMatch(
      new RegExp(`cache:import: --file .*truncated\\.json is truncated or damaged: Parser .*Reading stopped at byte ${cutAt.toLocaleString('en-US')} of ${cutAt.toLocaleString('en-US')} \\(100\\.0%\\) after 5 entries read, 4 imported; last complete entry "data"/"${fixture.valid[3].key}"`),
    );
    expect((await keysInRedis()).length).toBe(4);

    const rerun = await runImport(['--file', fixturePath], { env });
    expect(rerun.code).toBe(0);
    expect(count(rerun, 'already present')).toBe(4);
    expect(count(rerun, 'imported')).toBe(fixture.valid.length - 4);
  });

  it.each([
    ['not JSON at all', 'This is not JSON, it is the README.\n', /--file .* is not JSON: Parser cannot parse input: expected a value \(no entry could be read\)/],
    ['a JSON array', '[1, 2, 3]', /is not a SimpleKVStore file: the top-level JSON value is an array/],
    ['missing', null, /^cache:import: cannot open --file .*missing\.json: ENOENT: no such file or directory/m],
  ])('a file that is %s exits 1 with a clear message and writes nothing', async (_label, content, message) => {
    const path = join(dir, content === null ? 'missing.json' : `bad-${Math.random()}.json`);
    if (content !== null) writeFileSync(path, content);

    const run = await runImport(['--file', path], { env });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(await raw.dbsize()).toBe(0);
  });

  it('npm run cache:import builds the tool quietly, passes the arguments and keeps the exit code', () => {
    const npm = (args: string[]) =>
      spawnSync('npm', ['run', '--silent', 'cache:import', '--', ...args], { cwd: WORKSPACE_ROOT, encoding: 'utf8', timeout: 120_000 });

    const help = npm(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run cache:import -- --file <path>/m);
    // The build's own output is shown only when the build fails.
    expect(help.stdout + help.stderr).not.toMatch(/nx run|tsc/);

    const usage = npm(['--bogus']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/Unknown option '--bogus'/);
  }, 120_000);

  it('usage errors exit 2 and print the usage', async () => {
    const missing = await runImport([], { env });
    const unknown = await runImport(['--file', fixturePath, '--colection', 'data'], { env });

    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^cache:import: --file <path> is required\n\nUsage: npm run cache:import -- --file <path>/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--colection'/);
    expect(await raw.dbsize()).toBe(0);
  });

  it('exits 3 naming the URL when Redis cannot be reached', async () => {
    const run = await runImport(['--file', fixturePath], { env: { ...env, REDIS_URL: 'redis://:secret@127.0.0.1:1' } });

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^cache:import: cannot connect to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1: .*ECONNREFUSED.* \(set REDIS_EMBEDDING_CACHE_URL or REDIS_URL\)$/m);
    expect(run.stderr).not.toContain('secret');
  });

  it('prints plain progress lines when stderr is not a terminal', async () => {
    const run = await runImport(['--file', fixturePath], { env });

    expect(run.stderr).toMatch(/^progress 0\.0% \| 0 B of [\d.]+ KiB read \| 0 entries \(0 imported\)/m);
    expect(run.stderr).toMatch(/^progress 100\.0% \| [\d.]+ KiB of [\d.]+ KiB read \| 36 entries \(14 imported\) \| [\d,]+ entries\/s \| .*\/s$/m);
  });

  it('never writes the legacy file, and LLAMAINDEX_CACHE_* only warns', async () => {
    const digest = (): string => createHash('sha256').update(readFileSync(fixturePath)).digest('hex');
    const before = digest();

    const run = await runImport(['--file', fixturePath], { env: { ...env, LLAMAINDEX_CACHE_ENABLED: 'true', LLAMAINDEX_CACHE_DIR: dir } });

    expect(run.code).toBe(0);
    expect(count(run, 'imported')).toBe(fixture.valid.length);
    expect(run.stdout + run.stderr).toMatch(/LLAMAINDEX_CACHE_ENABLED is deprecated and ignored/);
    expect(digest()).toBe(before);
  });
});
