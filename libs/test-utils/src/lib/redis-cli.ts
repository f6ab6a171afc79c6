import { execFile } from 'node:child_process';

/** Path of the `redis-cli` binary; `REDIS_CLI_BIN` overrides it. */
export const REDIS_CLI_BIN = process.env['REDIS_CLI_BIN'] ?? 'redis-cli';

/**
 * Runs `redis-cli -h 127.0.0.1 -p <port> [-a <password>] <args…>` and resolves its standard
 * output. Rejects on a non-zero exit or after `timeoutMs`; a reply error still exits 0 and
 * comes back as text.
 */
export function redisCli(port: number, args: readonly string[], timeoutMs = 15_000, password?: string): Promise<string> {
  const auth = password === undefined ? [] : ['--no-auth-warning', '-a', password];
  return new Promise((resolve, reject) => {
    execFile(
      REDIS_CLI_BIN,
      ['-h', '127.0.0.1', '-p', String(port), ...auth, ...args],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`redis-cli ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** `INFO <section>` (or `CLUSTER INFO`) text parsed into a field → value map. */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) fields[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return fields;
}
