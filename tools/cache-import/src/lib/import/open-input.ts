import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { UnreadableFileError } from '../errors/unreadable-file.error';

/** An opened input file and its size. */
export interface OpenedInput {
  handle: FileHandle;
  size: number;
}

/**
 * Opens `--file` for reading before anything else happens, so that a wrong path fails at once,
 * before Redis is touched. Throws `UnreadableFileError` naming the path and the system error.
 */
export async function openInput(path: string): Promise<OpenedInput> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new UnreadableFileError(`cannot open --file ${path}: ${(error as Error).message}`, error);
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw new UnreadableFileError(`--file ${path} is not a regular file (decompress or copy it to a file first)`);
  }
  return { handle, size: stat.size };
}
