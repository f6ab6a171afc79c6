import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { postgresBinDir, startPostgresServer, POSTGRES_ROOT } from './postgres-server';
import type { TestPostgresServer } from './postgres-server';

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Uid of a process, from /proc. */
function processUid(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('Uid:')) ?? '';
  return Number(line.split(/\s+/)[1]);
}

/** Pids of the processes whose command line names `path` (a server started from a scratch root). */
function processesRunningFrom(path: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('startPostgresServer', () => {
  let server: TestPostgresServer;

  beforeAll(async () => {
    server = await startPostgresServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('starts a private PostgreSQL on its own loopback port, with pgvector available', async () => {
    expect(server.url).toBe(`postgresql://postgres@127.0.0.1:${server.port}/postgres`);
    const [row] = await query<{ addr: string; port: number; dir: string }>(
      server.url,
      "SELECT inet_server_addr()::text AS addr, inet_server_port() AS port, current_setting('data_directory') AS dir",
    );
    expect(row).toEqual({ addr: '127.0.0.1/32', port: server.port, dir: join(server.dir, 'data') });
    expect(server.version).toMatch(/^\d+\.\d+/);
    await query(server.url, 'CREATE EXTENSION IF NOT EXISTS vector');
    await expect(query(server.url, "SELECT '[1,2,3]'::vector <=> '[1,2,4]'::vector AS d")).resolves.toEqual([{ d: expect.any(Number) }]);
  });

  it('never runs the server as root (PostgreSQL refuses to)', () => {
    const uid = processUid(server.pid());
    expect(uid).not.toBe(0);
    if (process.getuid?.() !== 0) expect(uid).toBe(process.getuid?.());
  });

  it('creates fresh databases, apart from each other', async () => {
    const first = await server.createDatabase();
    const second = await server.createDatabase();
    expect(first).not.toBe(second);
    await query(first, 'CREATE TABLE only_here (n int)');
    await expect(query(first, 'SELECT count(*)::int AS n FROM only_here')).resolves.toEqual([{ n: 0 }]);
    await expect(query(second, 'SELECT count(*)::int AS n FROM only_here')).rejects.toThrow(/only_here/);
  });

  it('stops the server and removes its directory', async () => {
    const other = await startPostgresServer();
    const pid = other.pid();
    await other.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(() => readdirSync(other.dir)).toThrow(/ENOENT/);
    await expect(query(other.url, 'SELECT 1')).rejects.toThrow();
  });
});

describe('startPostgresServer on a machine without what it needs', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'rag-pg-root-'));
    // The server runs as an unprivileged user when the tests run as root: it must reach the copies.
    chmodSync(scratch, 0o755);
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('names the install step when no server binaries are found', async () => {
    const root = join(scratch, 'empty');
    mkdirSync(root);
    expect(() => postgresBinDir(root)).toThrow(`No PostgreSQL server binaries (initdb, postgres) under ${root}`);
    await expect(startPostgresServer({ root })).rejects.toThrow(/bash \.ci\/install-postgres\.sh.*apt-get install -y postgresql/s);
  });

  it('names the install step when the server has no pgvector, and leaves nothing running', async () => {
    // A copy of the installed server whose library directory lacks vector.so: PostgreSQL finds its
    // libraries next to its own binary, so this is a server without pgvector.
    const major = postgresBinDir(POSTGRES_ROOT).split('/').at(-2) as string;
    const root = join(scratch, 'no-vector');
    const source = join(POSTGRES_ROOT, major);
    mkdirSync(join(root, major, 'bin'), { recursive: true });
    mkdirSync(join(root, major, 'lib'));
    for (const name of readdirSync(join(source, 'bin'))) copyFileSync(join(source, 'bin', name), join(root, major, 'bin', name));
    for (const name of readdirSync(join(source, 'lib')).filter((n) => n !== 'vector.so')) {
      symlinkSync(join(source, 'lib', name), join(root, major, 'lib', name));
    }
    await expect(startPostgresServer({ root })).rejects.toThrow(
      new RegExp(`pgvector is not installed for PostgreSQL ${major}.*bash \\.ci/install-postgres\\.sh`, 's'),
    );
    expect(processesRunningFrom(root)).toEqual([]);
  });
});
