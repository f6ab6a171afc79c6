import type { RedisClientOptions } from '@liaoliaots/nestjs-redis';
import { EMBEDDING_CACHE_DEFAULTS, MAX_CALL_BUDGET_MS } from '../embedding-cache.constants';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';

/** Longest wait between reconnect attempts: a restarted Redis is used again within ~0.5 s. */
const MAX_RECONNECT_DELAY_MS = 500;

/**
 * The `@liaoliaots/nestjs-redis` client entry for the cache, with the options that make every
 * fault cheap (measured in REDIS-NOTES): no offline queue (a call while disconnected fails at
 * once instead of waiting for a reconnect), one attempt per command, bounded reconnect backoff,
 * a connect timeout, and a `commandTimeout` safety net so that even `QUIT` at shutdown cannot
 * hang on a frozen server. The per-call budgets of the service are tighter than that net.
 * With the cache disabled the client is lazy and never connects.
 */
export function buildEmbeddingCacheRedisConfig(options: EmbeddingCacheModuleOptions): RedisClientOptions {
  const timeoutMs = options.timeoutMs ?? EMBEDDING_CACHE_DEFAULTS.timeoutMs;
  return {
    namespace: options.redisNamespace ?? EMBEDDING_CACHE_DEFAULTS.redisNamespace,
    url: options.url ?? EMBEDDING_CACHE_DEFAULTS.url,
    lazyConnect: options.enabled === false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: Math.max(500, timeoutMs * 10),
    commandTimeout: MAX_CALL_BUDGET_MS,
    retryStrategy: (attempt: number) => Math.min(attempt * 50, MAX_RECONNECT_DELAY_MS),
  };
}
