import type { ClusterService, RedisService } from '@liaoliaots/nestjs-redis';
import { RedisClientMissingError } from '../../errors/redis-client-missing.error';
import { borrowCacheClient } from './borrow-cache-client.util';

/** A nestjs-redis service holding the clients of `namespaces`, each client a marker object. */
function serviceWith<T extends RedisService | ClusterService>(kind: string, namespaces: string[]): T {
  return {
    getOrThrow: jest.fn((namespace: string) => {
      if (!namespaces.includes(namespace)) throw new Error(`${namespace} not found`);
      return { kind, namespace };
    }),
  } as unknown as T;
}

describe('borrowCacheClient', () => {
  const redisService = serviceWith<RedisService>('redis', ['embedding-cache', 'other']);
  const clusterService = serviceWith<ClusterService>('cluster', ['embedding-cache']);

  it.each([
    ['standalone', 'redis'],
    ['sentinel', 'redis'],
    ['cluster', 'cluster'],
  ] as const)('%s mode borrows from the %s service', (mode, kind) => {
    expect(borrowCacheClient({ mode }, redisService, clusterService)).toEqual({ kind, namespace: 'embedding-cache' });
  });

  it('uses the configured namespace, standalone when no mode is given', () => {
    expect(borrowCacheClient({ redisNamespace: 'other' }, redisService, clusterService)).toEqual({ kind: 'redis', namespace: 'other' });
  });

  it('fails at boot when the service is absent, naming the namespace', () => {
    expect(() => borrowCacheClient({ mode: 'cluster' }, redisService, undefined)).toThrow(RedisClientMissingError);
    expect(() => borrowCacheClient({ mode: 'standalone' }, undefined, clusterService)).toThrow('Redis namespace "embedding-cache" is not registered');
  });

  it('fails at boot when no client is registered under the namespace, keeping the cause', () => {
    expect(() => borrowCacheClient({ mode: 'cluster', redisNamespace: 'other' }, redisService, clusterService)).toThrow(
      expect.objectContaining({ code: 'EMBEDDING_CACHE_REDIS_CLIENT_MISSING', cause: new Error('other not found') }),
    );
  });
});
