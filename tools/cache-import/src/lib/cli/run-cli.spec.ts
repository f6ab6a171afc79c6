import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_CODES } from '../cache-import.constants';
import { runCli } from './run-cli';
import { USAGE } from './usage';

const hex = (i: number): string => i.toString(16).padStart(64, '0');
const VALID = `{"data": {"${hex(1)}": {"embedding": [0.5, 1.5]}, "${hex(2)}": {"embedding": [2.5, NaN]}, "oops": [1, 2]}, "docstore/metadata": {"d1": {"text": "caf\\u00e9"}}}`;

let dir: string;

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => ((stdout += text), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (text: string) => ((stderr += text), true) } as unknown as NodeJS.WritableStream,
    env,
  });
  return { code, stdout, stderr };
}

describe('runCli (in-process, dry runs: no Redis)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cache-import-cli-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help prints the usage and exits 0', async () => {
    await expect(cli(['--help'])).resolves.toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });

  it('a usage error prints the message and the usage, and exits 2', async () => {
    const { code, stderr, stdout } = await cli(['--file', 'x', '--batch-size', 'many']);

    expect(code).toBe(EXIT_CODES.usage);
    expect(stderr).toBe(`cache:import: --batch-size must be an integer from 1 to 10000 (got "many")\n\n${USAGE}`);
    expect(stdout).toBe('');
  });

  it('an invalid environment variable exits 2 naming it', async () => {
    const { code, stderr } = await cli(['--file', 'x', '--dry-run'], { REDIS_EMBEDDING_CACHE_PREFIX: 'bad prefix!' });

    expect(code).toBe(2);
    expect(stderr).toMatch(/^cache:import: Invalid embedding cache configuration: REDIS_EMBEDDING_CACHE_PREFIX/);
  });

  it('a dry run reads everything, writes nothing and summarises', async () => {
    const { code, stdout, stderr } = await cli(['--file', file('valid.json', VALID), '--dry-run']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}status: +completed$/m);
    expect(stdout).toMatch(/^ {2}would import: +1$/m);
    expect(stdout).toMatch(/^ {4}bad key: +2$/m);
    expect(stdout).toMatch(/^ {4}NaN\/Infinity: +1$/m);
    expect(stdout).toMatch(/"data" \(3 entries, 2 dims\), "docstore\/metadata" \(1 entries\)/);
    expect(stderr).toMatch(/^progress 100\.0% .* 4 entries \(1 imported\)/m);
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.json'), /^cache:import: cannot open --file .*missing\.json: ENOENT: no such file or directory/],
    ['a directory', () => dir, /is not a regular file/],
    ['an empty file', () => file('empty.json', ''), /is not JSON: Parser has expected a value \(no entry could be read\)/],
    ['a binary file', () => file('zip.json', 'PK\u0003\u0004\u0000'), /is not JSON: Parser cannot parse input: expected a value/],
    ['a JSON array', () => file('array.json', '[1, 2]'), /is not a SimpleKVStore file: the top-level JSON value is an array/],
  ])('%s exits 1 with a clear message', async (_label, path, message) => {
    const { code, stderr } = await cli(['--file', path(), '--dry-run']);

    expect(code).toBe(EXIT_CODES.unreadableFile);
    expect(stderr).toMatch(message);
  });

  it('a truncated file exits 4 after reporting how far it got', async () => {
    const whole = `{"data": {${Array.from({ length: 50 }, (_, i) => `"${hex(i)}": [${i}, 1]`).join(', ')}}}`;
    const path = file('truncated.json', whole.slice(0, whole.indexOf(`"${hex(30)}"`) + 20));

    const { code, stdout, stderr } = await cli(['--file', path, '--dry-run']);

    expect(code).toBe(EXIT_CODES.damagedFile);
    expect(stdout).toMatch(/^ {2}status: +stopped early: the file is truncated or damaged$/m);
    expect(stdout).toMatch(/^ {2}would import: +30$/m);
    expect(stderr).toContain(`is truncated or damaged: Parser`);
    expect(stderr).toContain(`after 30 entries read, 30 imported; last complete entry "data"/"${hex(29)}"`);
  });

  it('a --collection the file lacks exits 2 and names the collections it has', async () => {
    const { code, stdout, stderr } = await cli(['--file', file('valid2.json', VALID), '--dry-run', '--collection', 'nope']);

    expect(code).toBe(EXIT_CODES.usage);
    expect(stdout).toMatch(/^ {2}not selected: +"data", "docstore\/metadata"$/m);
    expect(stderr).toContain('cache:import: --collection "nope" is not in the file; its collections are: "data", "docstore/metadata"\n');
  });

  it('warns when the cache is disabled but imports anyway', async () => {
    const { code, stderr } = await cli(['--file', file('valid3.json', VALID), '--dry-run'], { REDIS_EMBEDDING_CACHE_ENABLED: 'false' });

    expect(code).toBe(0);
    expect(stderr).toMatch(/note: REDIS_EMBEDDING_CACHE_ENABLED is false/);
  });

  it('reads a file of the right shape in a nested directory', async () => {
    mkdirSync(join(dir, 'nested'));

    await expect(cli(['--file', file('nested/ok.json', '{}'), '--dry-run'])).resolves.toMatchObject({ code: 0 });
  });
});
