import type { RedisOptions } from 'bullmq';

/**
 * BullMQ connection options for a `redis://` / `rediss://` URL, with a reconnect backoff capped
 * at 2 s. Workers keep BullMQ's own blocking-connection settings; rag-api's producer uses a
 * fail-fast client of its own (`QueueRedisModule`).
 */
export function bullConnectionFromUrl(url: string): RedisOptions {
  return {
    url,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
  };
}
