import { EventEmitter } from 'node:events';
import { Test } from '@nestjs/testing';
import { ClusterService, RedisService } from '@liaoliaots/nestjs-redis';
import { Registry } from 'prom-client';
import { EMBEDDING_CACHE_OPTIONS } from './embedding-cache.constants';
import { EmbeddingCacheMetrics } from './embedding-cache.metrics';
import { EmbeddingCacheService } from './embedding-cache.service';
import type { EmbeddingCacheModuleOptions } from './interfaces/embedding-cache-options.interface';
import { encodeVector } from './utils/encode-vector.util';
import { keySlot } from './utils/key-slot.util';

const MASTERS = ['127.0.0.1:7000', '127.0.0.1:7001', '127.0.0.1:7002'];
const masterOf = (key: string): string => MASTERS[keySlot(key) < 5_461 ? 0 : keySlot(key) < 10_923 ? 1 : 2];

/** What one pipeline sent: its commands, by name and first argument (the key). */
interface SentPipeline {
  node: string;
  commands: Array<[string, string]>;
}

/**
 * A stand-in for an ioredis Cluster: a slot table over three masters, pipelines that refuse
 * keys of different nodes (as ioredis does) and answer from a Map, and a master client per node.
 */
class MockCluster extends EventEmitter {
  readonly isCluster = true;
  status = 'ready';
  readonly store = new Map<string, Buffer>();
  readonly sent: SentPipeline[] = [];
  readonly slots: string[][] = Array.from({ length: 16_384 }, (_, slot) => [
    MASTERS[slot < 5_461 ? 0 : slot < 10_923 ? 1 : 2],
  ]);
  failingNode: string | undefined;
  mgetBuffer = jest.fn();
  ping = jest.fn(async () => 'PONG');
  readonly masters = MASTERS.map((node) => new MockNode(node, this));

  pipeline() {
    const commands: Array<[string, string, unknown[]]> = [];
    const pipeline = {
      getBuffer: (key: string) => (commands.push(['get', key, []]), pipeline),
      set: (key: string, ...args: unknown[]) => (commands.push(['set', key, args]), pipeline),
      eval: (_script: string, _n: number, key: string) => (commands.push(['eval', key, []]), pipeline),
      exec: async () => {
        const nodes = new Set(commands.map(([, key]) => masterOf(key)));
        if (nodes.size > 1) throw new Error('All keys in the pipeline should belong to the same slots allocation group');
        const node = [...nodes][0];
        this.sent.push({ node, commands: commands.map(([name, key]) => [name, key]) });
        if (node === this.failingNode) return commands.map(() => [new Error('Connection is closed.'), null]);
        return commands.map(([name, key, args]) => {
          if (name === 'get') return [null, this.store.get(key) ?? null];
          if (name === 'set') {
            if (args.includes('NX') && this.store.has(key)) return [null, null];
            this.store.set(key, args[0] as Buffer);
            return [null, 'OK'];
          }
          return [null, this.store.delete(key) ? 1 : 0];
        });
      },
    };
    return pipeline;
  }

  nodes(role: string) {
    expect(role).toBe('master');
    return this.masters;
  }
}

/** One master's own connection, for SCAN and UNLINK. */
class MockNode {
  constructor(
    readonly name: string,
    private readonly cluster: MockCluster,
  ) {}

  unlink = jest.fn();

  scan = jest.fn(async (_cursor: string, _match: string, pattern: string) => [
    '0',
    [...this.cluster.store.keys()].filter((key) => masterOf(key) === this.name && key.startsWith(pattern.slice(0, -1))),
  ]);

  pipeline() {
    const keys: string[] = [];
    const pipeline = {
      unlink: (key: string) => (keys.push(key), pipeline),
      exec: async () => keys.map((key) => [null, this.cluster.store.delete(key) ? 1 : 0]),
    };
    return pipeline;
  }
}

async function createService(cluster: MockCluster, options: EmbeddingCacheModuleOptions = {}) {
  const moduleRef = await Test.createTestingModule({
    providers: [
      EmbeddingCacheService,
      EmbeddingCacheMetrics,
      {
        provide: EMBEDDING_CACHE_OPTIONS,
        useValue: { mode: 'cluster', registry: new Registry(), connectWaitMs: 0, l1MaxMb: 0, ...options },
      },
      { provide: RedisService, useValue: { getOrThrow: jest.fn(() => undefined) } },
      { provide: ClusterService, useValue: { getOrThrow: jest.fn(() => cluster) } },
    ],
  }).compile();
  return moduleRef.get(EmbeddingCacheService);
}

describe('EmbeddingCacheService on a Redis Cluster (unit, mocked Cluster client)', () => {
  const texts = Array.from({ length: 200 }, (_, i) => `text ${i}`);
  let cluster: MockCluster;

  beforeEach(() => {
    cluster = new MockCluster();
  });

  it('borrows the Cluster client from ClusterService in cluster mode', async () => {
    const service = await createService(cluster);
    expect(service.enabled()).toBe(true);
  });

  it('setMany and getMany send one pipeline per node, never MGET, and keep input order', async () => {
    const service = await createService(cluster);
    await expect(service.setMany('m', texts.map((text, i) => ({ text, vector: [i, 1] })))).resolves.toBe(200);
    expect(cluster.sent).toHaveLength(3);
    expect(new Set(cluster.sent.map((p) => p.node))).toEqual(new Set(MASTERS));

    cluster.sent.length = 0;
    const found = await service.getMany('m', texts);
    expect(cluster.sent).toHaveLength(3);
    expect(cluster.sent.flatMap((p) => p.commands.map(([name]) => name))).toEqual(texts.map(() => 'get'));
    expect(cluster.mgetBuffer).not.toHaveBeenCalled();
    expect(found.map((vector) => vector?.[0])).toEqual(texts.map((_, i) => i));
  });

  it('a failed node costs only its own keys: misses counted as errors, nothing thrown', async () => {
    const service = await createService(cluster, { breakerThreshold: 100 });
    await service.setMany('m', texts.map((text) => ({ text, vector: [1] })));
    cluster.failingNode = MASTERS[1];
    const found = await service.getMany('m', texts);
    const lost = texts.filter((text) => masterOf(service.makeKey('m', text)) === MASTERS[1]).length;
    expect(found.filter((vector) => vector === null)).toHaveLength(lost);
    expect(lost).toBeGreaterThan(0);
    expect(service.stats()).toMatchObject({ errors: lost, hits: 200 - lost });
  });

  it('getOrCompute takes its fleet locks with one pipeline per node and releases them per key', async () => {
    const service = await createService(cluster);
    const compute = jest.fn(async (batch: string[]) => batch.map(() => [0.5]));
    await service.getOrCompute('m', texts.slice(0, 30), compute);
    expect(compute).toHaveBeenCalledTimes(1);
    const locks = cluster.sent.filter((p) => p.commands.some(([name, key]) => name === 'set' && key.includes(':lock:')));
    const releases = cluster.sent.filter((p) => p.commands[0][0] === 'eval');
    expect(locks.length).toBeLessThanOrEqual(3);
    expect(releases.flatMap((p) => p.commands)).toHaveLength(30);
    expect([...cluster.store.keys()].filter((key) => key.includes(':lock:'))).toEqual([]);
  });

  it('clear scans every master and unlinks key by key (keys on one node span slots)', async () => {
    const service = await createService(cluster);
    await service.setMany('m', texts.map((text) => ({ text, vector: [1] })));
    cluster.store.set('other:key', encodeVector([1]));
    await expect(service.clear()).resolves.toBe(200);
    for (const node of cluster.masters) {
      expect(node.scan).toHaveBeenCalledWith('0', 'MATCH', 'embedding_cache:*', 'COUNT', 1000);
      expect(node.unlink).not.toHaveBeenCalled();
    }
  });
});
