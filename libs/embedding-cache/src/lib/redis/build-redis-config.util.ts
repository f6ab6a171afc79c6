import type { RedisClientOptions } from '@liaoliaots/nestjs-redis';
import { EMBEDDING_CACHE_DEFAULTS } from '../embedding-cache.constants';
import { InvalidEmbeddingCacheConfigError } from '../errors/invalid-embedding-cache-config.error';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { parseHostPortList } from '../utils/parse-host-port-list.util';
import { buildConnectionOptions, reconnectDelay } from './build-connection-options.util';
import { urlWithCredentials } from '../utils/url-with-credentials.util';

/**
 * The `@liaoliaots/nestjs-redis` `RedisModule` client entry for the cache in `standalone` or
 * `sentinel` mode (cluster mode uses `buildEmbeddingCacheClusterConfig`), with the fail-fast
 * options of `buildConnectionOptions` and bounded reconnect backoff. In sentinel mode the client
 * asks the sentinels for the master and asks again after losing it, so a failover needs no
 * restart. With the cache disabled the client is lazy and never connects.
 */
export function buildEmbeddingCacheRedisConfig(options: EmbeddingCacheModuleOptions): RedisClientOptions {
  const mode = options.mode ?? EMBEDDING_CACHE_DEFAULTS.mode;
  const common: RedisClientOptions = {
    namespace: options.redisNamespace ?? EMBEDDING_CACHE_DEFAULTS.redisNamespace,
    lazyConnect: options.enabled === false,
    ...buildConnectionOptions(options),
    retryStrategy: reconnectDelay,
  };
  switch (mode) {
    case 'standalone':
      // Explicit credentials go into the URL: ioredis lets URL fields win over options.
      return { ...common, url: urlWithCredentials(options), username: undefined, password: undefined };
    case 'sentinel':
      return { ...common, ...sentinelOptions(options, common) };
    case 'cluster':
      throw new InvalidEmbeddingCacheConfigError([
        'mode "cluster" needs a Cluster client: register it with registerEmbeddingCacheRedis() or buildEmbeddingCacheClusterConfig()',
      ]);
    default: {
      const unreachable: never = mode;
      throw new InvalidEmbeddingCacheConfigError([`mode must be standalone, cluster or sentinel (got ${String(unreachable)})`]);
    }
  }
}

function sentinelOptions(options: EmbeddingCacheModuleOptions, common: RedisClientOptions): RedisClientOptions {
  const sentinels = parseHostPortList(options.sentinels ?? []);
  const problems: string[] = [];
  if (!sentinels) problems.push('sentinels must list at least one host:port in sentinel mode (REDIS_SENTINELS)');
  if (!options.sentinelMaster) problems.push('sentinelMaster is required in sentinel mode (REDIS_SENTINEL_MASTER)');
  if (problems.length > 0) throw new InvalidEmbeddingCacheConfigError(problems);
  const timeoutMs = options.timeoutMs ?? EMBEDDING_CACHE_DEFAULTS.timeoutMs;
  return {
    sentinels: sentinels?.map(({ host, port }) => ({ host, port })),
    name: options.sentinelMaster,
    ...(options.sentinelPassword !== undefined && { sentinelPassword: options.sentinelPassword }),
    // Sentinels are asked on every (re)connect; a hung one must not stall the reconnect.
    sentinelCommandTimeout: Math.max(500, timeoutMs * 10),
    sentinelRetryStrategy: reconnectDelay,
    ...(common.tls && { enableTLSForSentinelMode: true, sentinelTLS: common.tls }),
  };
}
