import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersPing, startRedisServer } from './redis-server';
import type { TestRedisServer } from './redis-server';
import { parseInfo, redisCli } from './redis-cli';

/** Options of `startRedisSentinel`. */
export interface RedisSentinelOptions {
  /** Name the sentinels monitor the master under. @default 'mymaster' */
  masterName?: string;
  /** Number of sentinels; the quorum is a majority of them. @default 3 */
  sentinels?: number;
  /** `down-after-milliseconds`: how long the master may be silent before failover. @default 1000 */
  downAfterMs?: number;
  /** `failover-timeout` in milliseconds. @default 3000 */
  failoverTimeoutMs?: number;
  /** Extra `redis-server` arguments for the master and the replica. */
  args?: string[];
  /** Password of the data nodes' default user (`requirepass`/`masterauth`, `sentinel auth-pass`). */
  password?: string;
}

/** One master, one replica and a few sentinels on loopback, owned by the test. */
export interface TestRedisSentinel {
  readonly masterName: string;
  /** The data nodes: the initial master first, then the replica. */
  readonly servers: readonly [TestRedisServer, TestRedisServer];
  readonly sentinels: readonly TestRedisServer[];
  /** `127.0.0.1:<port>` of every sentinel, for `REDIS_SENTINELS`. */
  readonly seeds: readonly string[];
  /** The data nodes' password, if any. */
  readonly password: string | undefined;
  /** The port of the master the live sentinels currently agree on. */
  masterPort(): Promise<number>;
  /** The data node that is master now. */
  master(): Promise<TestRedisServer>;
  /**
   * Resolves (with the milliseconds it took) once every live sentinel names the same master,
   * sees the other sentinels and a replica in sync, and that master is up.
   */
  waitUntilSettled(timeoutMs?: number): Promise<number>;
  /** Stops sentinels and servers and removes their directories. */
  stop(): Promise<void>;
}

/**
 * Starts a master, a replica of it and `sentinels` Sentinels (each from its own writable
 * config file, as Sentinel requires) and waits until they have discovered each other (~2 s here).
 */
export async function startRedisSentinel(options: RedisSentinelOptions = {}): Promise<TestRedisSentinel> {
  const masterName = options.masterName ?? 'mymaster';
  const count = options.sentinels ?? 3;
  const quorum = Math.floor(count / 2) + 1;
  const password = options.password;
  const auth = password === undefined ? [] : ['--requirepass', password, '--masterauth', password];
  const started: TestRedisServer[] = [];
  const confDirs: string[] = [];
  try {
    const master = await startRedisServer({ args: [...auth, ...(options.args ?? [])] });
    started.push(master);
    const replica = await startRedisServer({
      args: ['--replicaof', '127.0.0.1', String(master.port), ...auth, ...(options.args ?? [])],
    });
    started.push(replica);
    const sentinels: TestRedisServer[] = [];
    for (let i = 0; i < count; i += 1) {
      const dir = mkdtempSync(join(tmpdir(), 'rag-sentinel-'));
      confDirs.push(dir);
      const configFile = join(dir, 'sentinel.conf');
      writeFileSync(
        configFile,
        [
          `sentinel monitor ${masterName} 127.0.0.1 ${master.port} ${quorum}`,
          `sentinel down-after-milliseconds ${masterName} ${options.downAfterMs ?? 1_000}`,
          `sentinel failover-timeout ${masterName} ${options.failoverTimeoutMs ?? 3_000}`,
          `sentinel parallel-syncs ${masterName} 1`,
          ...(password === undefined ? [] : [`sentinel auth-pass ${masterName} ${password}`]),
          '',
        ].join('\n'),
      );
      const sentinel = await startRedisServer({ configFile, sentinel: true, dir });
      sentinels.push(sentinel);
      started.push(sentinel);
    }
    const setup = buildSentinel(masterName, [master, replica], sentinels, password, async () => {
      await Promise.all(started.map((server) => server.stop()));
      for (const dir of confDirs) rmSync(dir, { recursive: true, force: true });
    });
    await setup.waitUntilSettled(20_000);
    return setup;
  } catch (error) {
    await Promise.all(started.map((server) => server.stop()));
    for (const dir of confDirs) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function buildSentinel(
  masterName: string,
  servers: [TestRedisServer, TestRedisServer],
  sentinels: TestRedisServer[],
  password: string | undefined,
  stop: () => Promise<void>,
): TestRedisSentinel {
  const dataCli = (port: number, args: readonly string[]): Promise<string> => redisCli(port, args, 15_000, password);
  const liveSentinels = async (): Promise<TestRedisServer[]> => {
    const up = await Promise.all(sentinels.map((s) => answersPing(s.port)));
    return sentinels.filter((_, i) => up[i]);
  };
  const masterSeenBy = async (sentinel: TestRedisServer): Promise<number> => {
    const reply = await redisCli(sentinel.port, ['SENTINEL', 'get-master-addr-by-name', masterName]);
    return Number(reply.trim().split('\n')[1]);
  };
  const masterPort = async (): Promise<number> => {
    const live = await liveSentinels();
    const ports = await Promise.all(live.map(masterSeenBy));
    if (ports.length === 0 || ports.some((port) => port !== ports[0])) throw new Error(`sentinels disagree: ${ports.join(', ')}`);
    return ports[0];
  };
  const settled = async (): Promise<boolean> => {
    const port = await masterPort();
    if (!(await answersPing(port))) return false;
    const role = parseInfo(await dataCli(port, ['INFO', 'replication']));
    if (role['role'] !== 'master') return false;
    const live = await liveSentinels();
    for (const sentinel of live) {
      const info = parseInfo(await redisCli(sentinel.port, ['INFO', 'sentinel']));
      const summary = info['master0'] ?? '';
      if (!summary.includes('status=ok') || !summary.includes(`sentinels=${sentinels.length}`)) return false;
    }
    const replica = servers.find((server) => server.port !== port);
    if (!replica || !(await answersPing(replica.port))) return true;
    const replication = parseInfo(await dataCli(replica.port, ['INFO', 'replication']));
    return replication['master_port'] === String(port) && replication['master_link_status'] === 'up';
  };

  return {
    masterName,
    servers,
    sentinels,
    seeds: sentinels.map((s) => `127.0.0.1:${s.port}`),
    password,
    masterPort,
    async master() {
      const port = await masterPort();
      const server = servers.find((s) => s.port === port);
      if (!server) throw new Error(`sentinels name an unknown master on port ${port}`);
      return server;
    },
    async waitUntilSettled(timeoutMs = 20_000) {
      const started = Date.now();
      for (;;) {
        if (await settled().catch(() => false)) return Date.now() - started;
        if (Date.now() - started > timeoutMs) throw new Error(`sentinel setup not settled within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop,
  };
}
