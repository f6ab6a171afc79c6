import { EMBEDDING_CACHE_DEFAULTS } from '../../embedding-cache.constants';
import type { RedisTopology } from '../../interfaces/redis-topology.interface';
import { parseHostPortList } from '../../utils/parse-host-port-list.util';
import { connectTimeoutFor, reconnectDelay } from '../build-connection-options.util';
import { borrowFrom } from './borrow-from.util';
import { buildRedisClientBase } from './build-redis-client-base.util';
import { ownConnectionSource } from './own-connection-source.util';
import { requiredEnv } from './required-env.util';
import { splitEnvList } from './split-env-list.util';

/**
 * `sentinel`: the master that the sentinels (`REDIS_SENTINELS`) name for `REDIS_SENTINEL_MASTER`,
 * through a `Redis` client in `RedisModule`. The client asks the sentinels for the master on every
 * (re)connect, so a failover needs no restart. The URL is not used; TLS is off unless
 * `REDIS_EMBEDDING_CACHE_TLS=true`, and then covers the sentinel links too.
 */
export const SENTINEL_TOPOLOGY: RedisTopology = {
  envProblems: (env) => requiredEnv(env, ['REDIS_SENTINELS', 'REDIS_SENTINEL_MASTER']),
  fromEnv: (env) => ({
    sentinels: splitEnvList(env.REDIS_SENTINELS),
    sentinelMaster: env.REDIS_SENTINEL_MASTER,
    sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
  }),
  tlsByDefault: () => false,
  optionProblems: (options) => [
    ...(parseHostPortList(options.sentinels ?? []) ? [] : ['sentinels must list at least one host:port in sentinel mode (REDIS_SENTINELS)']),
    ...(options.sentinelMaster ? [] : ['sentinelMaster is required in sentinel mode (REDIS_SENTINEL_MASTER)']),
  ],
  register: (options, connection) => ({
    redisModule: [
      {
        ...buildRedisClientBase(options, connection),
        sentinels: parseHostPortList(options.sentinels ?? [])?.map(({ host, port }) => ({ host, port })),
        name: options.sentinelMaster,
        ...(options.sentinelPassword !== undefined && { sentinelPassword: options.sentinelPassword }),
        // Sentinels are asked on every (re)connect; a hung one must not stall the reconnect.
        sentinelCommandTimeout: connectTimeoutFor(options.timeoutMs ?? EMBEDDING_CACHE_DEFAULTS.timeoutMs),
        sentinelRetryStrategy: reconnectDelay,
        ...(connection.tls && { enableTLSForSentinelMode: true, sentinelTLS: connection.tls }),
      },
    ],
    clusterModule: [],
  }),
  borrow: ({ redisService }, namespace) => borrowFrom(redisService, namespace),
  invalidationSources: (client) => ownConnectionSource(client, 'master'),
  describe: (options) =>
    `sentinel master "${options.sentinelMaster ?? ''}" via ${(options.sentinels ?? []).join(',')}${options.tls ? ', TLS' : ''}`,
};
