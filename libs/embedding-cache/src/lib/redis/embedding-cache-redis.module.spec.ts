import { Test } from '@nestjs/testing';
import { ClusterService, RedisService } from '@liaoliaots/nestjs-redis';
import { Cluster, Redis } from 'ioredis';
import { registerEmbeddingCacheRedis } from './embedding-cache-redis.module';

// No network: with the cache disabled the clients are lazy and never connect.
describe('registerEmbeddingCacheRedis', () => {
  const cases = [
    ['standalone', 'RedisService', { url: 'redis://127.0.0.1:1' }, Redis],
    ['sentinel', 'RedisService', { sentinels: ['127.0.0.1:1'], sentinelMaster: 'mymaster' }, Redis],
    ['cluster', 'ClusterService', { nodes: ['127.0.0.1:1'] }, Cluster],
  ] as const;

  it.each(cases)('%s mode registers one client, in %s only', async (mode, owner, extra, clientClass) => {
    const moduleRef = await Test.createTestingModule({
      imports: [registerEmbeddingCacheRedis({ enabled: false, mode, ...extra })],
    }).compile();
    const redis = moduleRef.get(RedisService).getOrNil('embedding-cache');
    const cluster = moduleRef.get(ClusterService).getOrNil('embedding-cache');
    const client = owner === 'RedisService' ? redis : cluster;
    expect(client).toBeInstanceOf(clientClass);
    expect(owner === 'RedisService' ? cluster : redis).toBeNull();
    expect(client?.status).toBe('wait');
    await moduleRef.close();
  });

  it('reads the environment when no options are given', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      REDIS_EMBEDDING_CACHE_ENABLED: 'false',
      REDIS_EMBEDDING_CACHE_MODE: 'cluster',
      REDIS_EMBEDDING_CACHE_NODES: '127.0.0.1:1,127.0.0.1:2',
    });
    try {
      const moduleRef = await Test.createTestingModule({ imports: [registerEmbeddingCacheRedis()] }).compile();
      expect(moduleRef.get(ClusterService).getOrNil('embedding-cache')).toBeInstanceOf(Cluster);
      expect(moduleRef.get(RedisService).getOrNil('embedding-cache')).toBeNull();
      await moduleRef.close();
    } finally {
      process.env = saved;
    }
  });
});
