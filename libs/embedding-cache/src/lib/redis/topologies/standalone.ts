import { redactUrl } from '@rag/config-kit';
import { EMBEDDING_CACHE_DEFAULTS } from '../../embedding-cache.constants';
import type { RedisTopology } from '../../interfaces/redis-topology.interface';
import { urlWithCredentials } from '../../utils/url-with-credentials.util';
import { borrowFrom } from './borrow-from.util';
import { buildRedisClientBase } from './build-redis-client-base.util';
import { ownConnectionSource } from './own-connection-source.util';

/**
 * `standalone`: one server at the cache URL (`REDIS_EMBEDDING_CACHE_URL`, else `REDIS_URL`),
 * through a `Redis` client in `RedisModule`. TLS is on by default for a `rediss://` URL.
 */
export const STANDALONE_TOPOLOGY: RedisTopology = {
  envProblems: () => [],
  // The URL is mapped for every topology: tools such as cache-import read it whatever the mode.
  fromEnv: () => ({}),
  tlsByDefault: (url) => url.startsWith('rediss://'),
  optionProblems: () => [],
  register: (options, connection) => ({
    // Explicit credentials go into the URL: ioredis lets URL fields win over options.
    redisModule: [{ ...buildRedisClientBase(options, connection), url: urlWithCredentials(options), username: undefined, password: undefined }],
    clusterModule: [],
  }),
  borrow: ({ redisService }, namespace) => borrowFrom(redisService, namespace),
  invalidationSources: (client) => ownConnectionSource(client, 'server'),
  describe: (options) => redactUrl(options.url ?? EMBEDDING_CACHE_DEFAULTS.url),
};
