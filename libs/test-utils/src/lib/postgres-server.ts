import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './redis-server';

/** Where the PostgreSQL majors are installed (`<root>/<major>/bin`); `PG_ROOT` overrides it. */
export const POSTGRES_ROOT = process.env['PG_ROOT'] ?? '/usr/lib/postgresql';

/** Said by every failure that something is not installed: the one command that installs it. */
const INSTALL_HINT =
  "run `bash .ci/install-postgres.sh` as root; it installs only what is missing: the server (`apt-get install -y postgresql`), " +
  "then pgvector, built from Debian's source package for the installed major";

/** Options of `startPostgresServer`. */
export interface PostgresServerOptions {
  /**
   * Directory holding the PostgreSQL majors; the newest one with server binaries is used.
   * @default POSTGRES_ROOT
   */
  root?: string;
  /**
   * Keep PostgreSQL's crash safety (`fsync`, `synchronous_commit`, `full_page_writes` on), as in
   * production; off by default, which is safe as long as the server itself is never killed and
   * makes commits much cheaper for tests.
   * @default false
   */
  durable?: boolean;
  /** Extra server settings (`-c name=value`), over the defaults. */
  settings?: Record<string, string | number>;
}

/** A private PostgreSQL (with pgvector available) on a free loopback port, owned by the test that started it. */
export interface TestPostgresServer {
  readonly port: number;
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` (trust authentication, superuser). */
  readonly url: string;
  /** Temporary directory of the server (data in `data/`, the Unix socket); removed by `stop`. */
  readonly dir: string;
  /** `SHOW server_version`, e.g. `15.20 (Debian 15.20-0+deb12u1)`. */
  readonly version: string;
  /** The directory of the binaries the server runs from. */
  readonly binDir: string;
  /** PID of the postmaster. */
  pid(): number;
  /** Creates an empty database (named `name`, or a fresh name) and resolves its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Fast shutdown (SIGINT: clients are disconnected) and removal of `dir`. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The `bin` directory of the newest PostgreSQL major under `root` that has the server binaries;
 * throws, naming the install step, when there is none.
 */
export function postgresBinDir(root: string = POSTGRES_ROOT): string {
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const major of majors) {
    const bin = join(root, major, 'bin');
    if (['initdb', 'postgres'].every((name) => isExecutable(join(bin, name)))) return bin;
  }
  throw new Error(`No PostgreSQL server binaries (initdb, postgres) under ${root} (PG_ROOT): ${INSTALL_HINT}`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The account the server runs as: PostgreSQL refuses to run as root, so a root test process hands
 * it to `postgres` (created by Debian's packages), else `nobody`. `undefined`: run as ourselves.
 */
function serverAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const entries = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'));
  const entry = entries.find((fields) => fields[0] === 'postgres') ?? entries.find((fields) => fields[0] === 'nobody');
  if (!entry) throw new Error('Running as root, and neither a postgres nor a nobody account exists to run PostgreSQL as');
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

function run(file: string, args: string[], account: { uid: number; gid: number } | undefined, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, ...account }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Starts a PostgreSQL of its own, as the Redis tests start `redis-server`: `initdb` into a
 * temporary directory, then `postgres` from the newest installed major on a free 127.0.0.1 port
 * (retrying on a port taken meanwhile), trust authentication for `postgres`, and checks that
 * pgvector can be created. Fails, naming the install step, when the server or pgvector is missing:
 * nothing is skipped.
 */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<TestPostgresServer> {
  const binDir = postgresBinDir(options.root);
  const major = binDir.split('/').at(-2);
  const account = serverAccount();
  const dir = mkdtempSync(join(tmpdir(), 'rag-pg-'));
  const data = join(dir, 'data');
  if (account) chownSync(dir, account.uid, account.gid);
  let child: ChildProcess | undefined;

  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    // rag-api replicas and workers with pools of 10 each, plus the tests' own clients.
    max_connections: 200,
    ...(options.durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...options.settings,
  };

  const launch = async (port: number): Promise<void> => {
    const args = ['-D', data, '-p', String(port), '-k', dir, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
    const proc = spawn(join(binDir, 'postgres'), args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], ...account });
    child = proc;
    // The server logs to stderr; keep the tail for the error message.
    let output = '';
    proc.stderr?.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-2_000)));
    const died = exited(proc).then(() => {
      throw new Error(`postgres exited on port ${port} (code ${proc.exitCode}, signal ${proc.signalCode})${output ? `:\n${output.trim()}` : ''}`);
    });
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    const ready = (async () => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          await withClient(url, (client) => client.query('SELECT 1'));
          return;
        } catch (error) {
          if (Date.now() > deadline) throw new Error(`postgres on port ${port} did not accept connections within 30 s: ${(error as Error).message}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    })();
    await Promise.race([ready, died]);
    died.catch(() => undefined);
  };

  const stop = async (): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      await exited(child);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await run(join(binDir, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], account, dir);
    let port = 0;
    for (let attempt = 1; ; attempt += 1) {
      port = await freePort();
      try {
        await launch(port);
        break;
      } catch (error) {
        child?.kill('SIGKILL');
        if (child) await exited(child);
        if (attempt >= 5) throw error;
      }
    }
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    const version = await withClient(url, async (client) => {
      try {
        // Created and rolled back: loads vector.so, so a missing library fails here and not in a test.
        await client.query('BEGIN');
        await client.query('CREATE EXTENSION vector');
      } catch (error) {
        throw new Error(`pgvector is not installed for PostgreSQL ${major} (${binDir}): ${(error as Error).message}; ${INSTALL_HINT}`);
      } finally {
        await client.query('ROLLBACK');
      }
      return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    });
    // One line in the test log per server: proof that the real-PostgreSQL suites ran, on what.
    process.stdout.write(`[postgres] PostgreSQL ${version.split(' ')[0]} with pgvector (${binDir}) on 127.0.0.1:${port}\n`);
    let databases = 0;
    const server: TestPostgresServer = {
      port,
      url,
      dir,
      version,
      binDir,
      pid: () => child?.pid ?? -1,
      async createDatabase(name?: string) {
        databases += 1;
        const database = name ?? `test_${databases}_${process.pid}`;
        await withClient(url, (client) => client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`));
        return `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
      },
      stop,
    };
    return server;
  } catch (error) {
    await stop();
    throw error;
  }
}
