import { plainToInstance } from 'class-transformer';
import type { Redis } from 'ioredis';
import { EmbeddingCacheEnv } from '../../config/embedding-cache.env';
import { InvalidEmbeddingCacheConfigError } from '../../errors/invalid-embedding-cache-config.error';
import type { CacheClient } from '../../interfaces/cache-client.interface';
import { CLUSTER_TOPOLOGY } from './cluster';
import { findTopology } from './find-topology.util';
import { REDIS_MODES, REDIS_TOPOLOGIES } from './redis-topologies';
import { SENTINEL_TOPOLOGY } from './sentinel';
import { STANDALONE_TOPOLOGY } from './standalone';
import { topologyFor } from './topology-for.util';

const envOf = (values: Record<string, string>): EmbeddingCacheEnv => plainToInstance(EmbeddingCacheEnv, values);

describe('REDIS_TOPOLOGIES', () => {
  it('has one row per mode, and REDIS_MODES lists its keys in order', () => {
    expect(REDIS_TOPOLOGIES).toEqual({ standalone: STANDALONE_TOPOLOGY, cluster: CLUSTER_TOPOLOGY, sentinel: SENTINEL_TOPOLOGY });
    expect(REDIS_MODES).toEqual(['standalone', 'cluster', 'sentinel']);
  });

  it('registers standalone and sentinel clients in RedisModule, cluster clients in ClusterModule', () => {
    const counts = REDIS_MODES.map((mode) => {
      const registration = REDIS_TOPOLOGIES[mode].register({ mode, nodes: ['a:1'], sentinels: ['s:1'], sentinelMaster: 'm' }, {});
      return [mode, registration.redisModule.length, registration.clusterModule.length];
    });
    expect(counts).toEqual([
      ['standalone', 1, 0],
      ['cluster', 0, 1],
      ['sentinel', 1, 0],
    ]);
  });

  it('turns TLS on by default only for a rediss:// URL in standalone mode', () => {
    expect(STANDALONE_TOPOLOGY.tlsByDefault('rediss://cache:6380')).toBe(true);
    expect(STANDALONE_TOPOLOGY.tlsByDefault('redis://cache:6379')).toBe(false);
    expect(CLUSTER_TOPOLOGY.tlsByDefault('rediss://cache:6380')).toBe(false);
    expect(SENTINEL_TOPOLOGY.tlsByDefault('rediss://cache:6380')).toBe(false);
  });

  it('each topology requires its own variables and maps only its own options', () => {
    expect(STANDALONE_TOPOLOGY.envProblems(envOf({}))).toEqual([]);
    expect(CLUSTER_TOPOLOGY.envProblems(envOf({ REDIS_EMBEDDING_CACHE_MODE: 'cluster' }))).toEqual([
      'REDIS_EMBEDDING_CACHE_NODES is required when REDIS_EMBEDDING_CACHE_MODE=cluster',
    ]);
    expect(SENTINEL_TOPOLOGY.envProblems(envOf({ REDIS_EMBEDDING_CACHE_MODE: 'sentinel', REDIS_SENTINELS: 's:1' }))).toEqual([
      'REDIS_SENTINEL_MASTER is required when REDIS_EMBEDDING_CACHE_MODE=sentinel',
    ]);
    const env = envOf({ REDIS_EMBEDDING_CACHE_NODES: 'a:1, b:2', REDIS_SENTINELS: 's:1', REDIS_SENTINEL_MASTER: 'm' });
    expect(STANDALONE_TOPOLOGY.fromEnv(env)).toEqual({});
    expect(CLUSTER_TOPOLOGY.fromEnv(env)).toEqual({ nodes: ['a:1', 'b:2'] });
    expect(SENTINEL_TOPOLOGY.fromEnv(env)).toEqual({ sentinels: ['s:1'], sentinelMaster: 'm', sentinelPassword: undefined });
  });

  it('names the options a topology lacks, with their variables', () => {
    expect(STANDALONE_TOPOLOGY.optionProblems({})).toEqual([]);
    expect(CLUSTER_TOPOLOGY.optionProblems({ nodes: ['a'] })).toEqual([
      'nodes must list at least one host:port in cluster mode (REDIS_EMBEDDING_CACHE_NODES)',
    ]);
    expect(SENTINEL_TOPOLOGY.optionProblems({ sentinels: ['s:1'] })).toEqual([
      'sentinelMaster is required in sentinel mode (REDIS_SENTINEL_MASTER)',
    ]);
  });
});

describe('findTopology / topologyFor', () => {
  it('choose by mode, standalone when unset', () => {
    expect(findTopology('cluster')).toBe(CLUSTER_TOPOLOGY);
    expect(findTopology(undefined)).toBe(STANDALONE_TOPOLOGY);
    expect(topologyFor({ mode: 'sentinel' })).toBe(SENTINEL_TOPOLOGY);
    expect(topologyFor({})).toBe(STANDALONE_TOPOLOGY);
  });

  it.each(['replicated', 'toString', '__proto__', ''])('know no mode %j', (mode) => {
    expect(findTopology(mode)).toBeUndefined();
    expect(() => topologyFor({ mode: mode as 'standalone' })).toThrow(InvalidEmbeddingCacheConfigError);
    expect(() => topologyFor({ mode: mode as 'standalone' })).toThrow(`mode must be one of standalone, cluster, sentinel (got "${mode}")`);
  });
});

describe("invalidationSources: the servers the L1 tracks, each opening a connection of the cache's own", () => {
  it('standalone and sentinel: one source, a duplicate of the borrowed client with the overrides', () => {
    const duplicate = jest.fn(() => ({ own: true }));
    const client = { duplicate } as unknown as CacheClient;

    const [server] = STANDALONE_TOPOLOGY.invalidationSources(client) ?? [];
    const [master] = SENTINEL_TOPOLOGY.invalidationSources(client) ?? [];

    expect([server.id, master.id]).toEqual(['server', 'master']);
    expect(master.open({ autoResubscribe: false })).toEqual({ own: true });
    expect(duplicate).toHaveBeenCalledWith({ autoResubscribe: false });
  });

  describe('cluster', () => {
    const known = { options: { host: '127.0.0.1', port: 7000 }, duplicate: jest.fn(() => ({ own: '7000' })) };
    const clusterWith = (slots: string[][]): CacheClient =>
      ({ isCluster: true, slots, nodes: () => [known], options: { redisOptions: { password: 'pw' } } }) as unknown as CacheClient;
    const allSlots = (owner: (slot: number) => string[]): string[][] => Array.from({ length: 16_384 }, (_, slot) => owner(slot));

    it('one source per master serving slots (replicas are not sources)', () => {
      const client = clusterWith(allSlots((slot) => (slot < 8_192 ? ['127.0.0.1:7000', '127.0.0.1:7003'] : ['127.0.0.1:7001'])));
      expect(CLUSTER_TOPOLOGY.invalidationSources(client)?.map((source) => source.id)).toEqual(['127.0.0.1:7000', '127.0.0.1:7001']);
    });

    it("duplicates the client's connection to a known master, else builds one from redisOptions", () => {
      const client = clusterWith(allSlots((slot) => (slot < 8_192 ? ['127.0.0.1:7000'] : ['127.0.0.1:7001'])));
      const [first, second] = CLUSTER_TOPOLOGY.invalidationSources(client) ?? [];

      expect(first.open({ lazyConnect: true })).toEqual({ own: '7000' });
      expect(known.duplicate).toHaveBeenCalledWith({ lazyConnect: true });
      const built = second.open({ lazyConnect: true }) as Redis;
      expect(built.options).toMatchObject({ host: '127.0.0.1', port: 7001, password: 'pw', lazyConnect: true });
      built.disconnect();
    });

    it('undefined while a slot has no master (before the first refresh, during a failover)', () => {
      expect(CLUSTER_TOPOLOGY.invalidationSources(clusterWith([]))).toBeUndefined();
      expect(CLUSTER_TOPOLOGY.invalidationSources(clusterWith(allSlots((slot) => (slot === 100 ? [] : ['127.0.0.1:7000']))))).toBeUndefined();
    });
  });
});
