import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REDIS_SERVER_BIN } from '@rag/test-utils';

/** Version of the redis-server binary the benchmark runs, e.g. `7.0.15`. */
export async function redisVersion(): Promise<string> {
  const { stdout } = await promisify(execFile)(REDIS_SERVER_BIN, ['--version']);
  return /v=(\S+)/.exec(stdout)?.[1] ?? stdout.trim();
}
