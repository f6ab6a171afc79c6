import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError } from '../errors/data-dir-locked.error';
import { acquireDataDirLock } from './acquire-data-dir-lock.util';

let root: string;
let dataDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'vector-store-lock-'));
  dataDir = join(root, 'pglite');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function deadPid(): number {
  // A process that has exited: its pid is free (reuse within the test is practically impossible).
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('acquireDataDirLock', () => {
  it('writes <dataDir>.lock with this pid and removes it on release', () => {
    const release = acquireDataDirLock(dataDir);
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('refuses a second open in the same process, then allows it after release', () => {
    const release = acquireDataDirLock(dataDir);
    expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
    release();
    acquireDataDirLock(dataDir)();
  });

  it('refuses a lock held by another live process, naming it', () => {
    writeFileSync(`${dataDir}.lock`, `${process.ppid}\n`);
    expect(() => acquireDataDirLock(dataDir)).toThrow(
      expect.objectContaining({ code: 'VECTOR_STORE_DATA_DIR_LOCKED', holderPid: process.ppid, dataDir }),
    );
    expect(() => acquireDataDirLock(dataDir)).toThrow(/is already open in process \d+.*set DATABASE_URL/);
  });

  it('takes over a lock left by a dead process', () => {
    writeFileSync(`${dataDir}.lock`, `${deadPid()}\n`);
    const release = acquireDataDirLock(dataDir);
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    release();
  });

  it('takes over an unreadable lock file', () => {
    writeFileSync(`${dataDir}.lock`, 'garbage');
    acquireDataDirLock(dataDir)();
  });

  it('release is idempotent and leaves a lock taken over by someone else alone', () => {
    const release = acquireDataDirLock(dataDir);
    writeFileSync(`${dataDir}.lock`, `${process.ppid}\n`);
    release();
    release();
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(`${process.ppid}\n`);
  });
});
