import type { RedisOptions } from 'bullmq';

/**
 * BullMQ connection options for a `redis://` / `rediss://` URL. `producer: true` makes commands
 * fail at once while Redis is unreachable instead of queueing them, so an API can answer 503
 * rather than hang; workers keep BullMQ's own blocking-connection settings.
 */
export function bullConnectionFromUrl(url: string, producer = false): RedisOptions {
  return {
    url,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
    ...(producer ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1_000 } : {}),
  };
}
