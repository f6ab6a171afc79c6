import { plainToInstance } from 'class-transformer';
import { EmbeddingCacheEnv } from '../../config/embedding-cache.env';
import { InvalidEmbeddingCacheConfigError } from '../../errors/invalid-embedding-cache-config.error';
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
