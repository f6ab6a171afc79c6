import { freePort, answersPing, startRedisServer } from './redis-server';
import type { TestRedisServer } from './redis-server';
import { parseInfo, redisCli } from './redis-cli';

/** Options of `startRedisCluster`. */
export interface RedisClusterOptions {
  /** Number of masters. @default 3 */
  masters?: number;
  /** Replicas per master. @default 1 */
  replicasPerMaster?: number;
  /**
   * `cluster-node-timeout` in milliseconds: how long a master may be unreachable before its
   * replica takes over. Low, so that failover tests take seconds. @default 1000
   */
  nodeTimeoutMs?: number;
  /** Extra `redis-server` arguments for every node. */
  args?: string[];
  /** Password of the default user on every node (`requirepass`, and `masterauth` for replication). */
  password?: string;
}

/** One node as `CLUSTER NODES` describes it. */
export interface ClusterNodeInfo {
  readonly port: number;
  readonly role: 'master' | 'replica';
  /** Flagged `fail` or `fail?` by the node that was asked. */
  readonly failing: boolean;
  /** Number of hash slots it serves (masters only). */
  readonly slotCount: number;
}

/** A Redis Cluster of private `redis-server` processes on loopback, owned by the test. */
export interface TestRedisCluster {
  /** Every node, masters first as created (roles change after a failover; see `topology`). */
  readonly nodes: readonly TestRedisServer[];
  /** `127.0.0.1:<port>` of every node, for `REDIS_EMBEDDING_CACHE_NODES`. */
  readonly seeds: readonly string[];
  /** The nodes' password, if any. */
  readonly password: string | undefined;
  /** `redis-cli` against one node, authenticated. */
  cli(node: TestRedisServer, args: readonly string[]): Promise<string>;
  /** The topology as seen by the first node that answers. */
  topology(): Promise<ClusterNodeInfo[]>;
  /** The servers that are currently masters serving slots and not failing. */
  masters(): Promise<TestRedisServer[]>;
  /**
   * Resolves (with the milliseconds it took) once every live node reports `cluster_state:ok`,
   * all 16384 slots are served by healthy masters, and every live replica is in sync.
   */
  waitUntilHealthy(timeoutMs?: number): Promise<number>;
  /** Stops every node (resuming frozen ones first) and removes their directories. */
  stop(): Promise<void>;
}

const ALL_SLOTS = 16_384;

/**
 * Starts `masters × (1 + replicasPerMaster)` nodes with `--cluster-enabled yes` on free loopback
 * ports (the cluster bus on another free port, since port + 10000 may not exist), joins them with
 * `redis-cli --cluster create`, and waits until the cluster is healthy (2-3 s here).
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<TestRedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 1_000;
  const password = options.password;
  const auth = password === undefined ? [] : ['--requirepass', password, '--masterauth', password];
  const nodes: TestRedisServer[] = [];
  try {
    for (let i = 0; i < masters * (1 + replicas); i += 1) {
      nodes.push(await startClusterNode(nodeTimeoutMs, [...auth, ...(options.args ?? [])]));
    }
    const seeds = nodes.map((node) => `127.0.0.1:${node.port}`);
    const create = ['--cluster', 'create', ...seeds, '--cluster-replicas', String(replicas), '--cluster-yes'];
    await redisCli(nodes[0].port, create, 30_000, password);
    const cluster = buildCluster(nodes, seeds, password);
    await cluster.waitUntilHealthy(20_000);
    return cluster;
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw error;
  }
}

async function startClusterNode(nodeTimeoutMs: number, extra: readonly string[]): Promise<TestRedisServer> {
  for (let attempt = 1; ; attempt += 1) {
    const busPort = await freePort();
    try {
      return await startRedisServer({
        args: [
          '--cluster-enabled', 'yes',
          '--cluster-config-file', 'nodes.conf',
          '--cluster-node-timeout', String(nodeTimeoutMs),
          '--cluster-port', String(busPort),
          ...extra,
        ],
      });
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

function buildCluster(nodes: readonly TestRedisServer[], seeds: readonly string[], password: string | undefined): TestRedisCluster {
  const byPort = new Map(nodes.map((node) => [node.port, node]));
  const cli = (node: TestRedisServer, args: readonly string[]): Promise<string> => redisCli(node.port, args, 15_000, password);

  const liveNodes = async (): Promise<TestRedisServer[]> => {
    const up = await Promise.all(nodes.map((node) => answersPing(node.port)));
    return nodes.filter((_, i) => up[i]);
  };

  const topology = async (): Promise<ClusterNodeInfo[]> => {
    const [first] = await liveNodes();
    if (!first) throw new Error('no cluster node answers PING');
    return parseClusterNodes(await cli(first, ['CLUSTER', 'NODES']));
  };

  const healthy = async (): Promise<boolean> => {
    const live = await liveNodes();
    if (live.length === 0) return false;
    const reports = await Promise.all(
      live.map(async (node) => ({
        cluster: parseInfo(await cli(node, ['CLUSTER', 'INFO'])),
        replication: parseInfo(await cli(node, ['INFO', 'replication'])),
      })),
    );
    const clusterOk = reports.every(
      ({ cluster }) =>
        cluster['cluster_state'] === 'ok' &&
        Number(cluster['cluster_slots_ok']) === ALL_SLOTS &&
        Number(cluster['cluster_slots_pfail']) === 0 &&
        Number(cluster['cluster_slots_fail']) === 0,
    );
    const replicasInSync = reports.every(
      ({ replication }) => replication['role'] !== 'slave' || replication['master_link_status'] === 'up',
    );
    if (!clusterOk || !replicasInSync) return false;
    const served = (await topology()).filter((node) => node.role === 'master' && !node.failing && byPort.has(node.port));
    return served.reduce((sum, node) => sum + node.slotCount, 0) === ALL_SLOTS;
  };

  return {
    nodes,
    seeds,
    password,
    cli,
    topology,
    async masters() {
      const info = await topology();
      return info
        .filter((node) => node.role === 'master' && !node.failing && node.slotCount > 0)
        .map((node) => byPort.get(node.port))
        .filter((node): node is TestRedisServer => node !== undefined);
    },
    async waitUntilHealthy(timeoutMs = 20_000) {
      const started = Date.now();
      for (;;) {
        if (await healthy().catch(() => false)) return Date.now() - started;
        if (Date.now() - started > timeoutMs) throw new Error(`cluster not healthy within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
}

/** Parses `CLUSTER NODES` output. */
export function parseClusterNodes(text: string): ClusterNodeInfo[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [, address, flags, , , , , , ...slots] = line.split(' ');
      const port = Number(address.split('@')[0].split(':').pop());
      const flagList = flags.split(',');
      const slotCount = slots
        .filter((range) => !range.startsWith('['))
        .reduce((sum, range) => {
          const [from, to] = range.split('-').map(Number);
          return sum + (to === undefined ? 1 : to - from + 1);
        }, 0);
      return {
        port,
        role: flagList.includes('master') ? 'master' : 'replica',
        failing: flagList.includes('fail') || flagList.includes('fail?'),
        slotCount,
      } as const;
    });
}
