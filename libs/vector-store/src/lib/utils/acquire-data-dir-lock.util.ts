import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DataDirLockedError } from '../errors/data-dir-locked.error';

/** Lock files held by this process, so a second open in the same process is refused too. */
const HELD = new Set<string>();

/**
 * Takes the lock of a PGlite data directory: the file `<dataDir>.lock` holding this process's id,
 * created exclusively. Returns the function that releases it. Throws `DataDirLockedError` when a
 * live process (or this one) holds it; a lock left by a dead process is taken over.
 * `dataDir` must be an absolute path whose parent exists.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  if (HELD.has(lockPath)) throw new DataDirLockedError(dataDir, process.pid);
  // Two attempts: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      HELD.add(lockPath);
      return () => release(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockPath);
      // The same pid after a restart (pid 1 in a container) is a stale lock, not a live holder.
      if (holder !== undefined && holder !== process.pid && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(dataDir, readHolder(lockPath) ?? 0);
}

function release(lockPath: string): void {
  if (!HELD.delete(lockPath)) return;
  if (readHolder(lockPath) === process.pid) rmSync(lockPath, { force: true });
}

function readHolder(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
