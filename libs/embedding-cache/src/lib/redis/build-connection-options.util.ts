import type { ConnectionOptions } from 'node:tls';
import type { RedisOptions } from 'ioredis';
import { EMBEDDING_CACHE_DEFAULTS, MAX_CALL_BUDGET_MS } from '../embedding-cache.constants';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';

/** Longest wait between reconnect attempts: a restarted Redis is used again within ~0.5 s. */
export const MAX_RECONNECT_DELAY_MS = 500;

/**
 * How soon ioredis asks again whether a Redis that is loading its data set (after a restart) has
 * finished. ioredis waits `loading_eta_seconds` (1 s when Redis reports 0) by default, so a
 * restarted Redis that loaded in a few ms stayed unused for a full second; a cheap INFO every
 * 100 ms brings hits back within ~0.1 s of the load.
 */
export const LOADING_RECHECK_MS = 100;

/** TCP connect timeout for a single-key budget of `timeoutMs`: ten budgets, at least 0.5 s. */
export function connectTimeoutFor(timeoutMs: number): number {
  return Math.max(500, timeoutMs * 10);
}

/** Reconnect backoff of every connection of the cache: 50 ms, 100 ms, … capped at 0.5 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(attempt * 50, MAX_RECONNECT_DELAY_MS);
}

/**
 * The per-connection ioredis options shared by every topology, measured in REDIS-NOTES to turn
 * every fault into a prompt rejection: no offline queue (a call while disconnected fails at
 * once), one attempt per command, a connect timeout, a `commandTimeout` safety net (so that even
 * `QUIT` at shutdown cannot hang on a frozen server; the service's per-call budgets are tighter),
 * plus ACL credentials and `tls` (from `buildTlsOptions`) when given.
 */
export function buildConnectionOptions(options: EmbeddingCacheModuleOptions, tls: ConnectionOptions | undefined): RedisOptions {
  const timeoutMs = options.timeoutMs ?? EMBEDDING_CACHE_DEFAULTS.timeoutMs;
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // No CLIENT SETINFO on connect: two fewer round trips before ready (and fewer commands to allow in an ACL).
    disableClientInfo: true,
    connectTimeout: connectTimeoutFor(timeoutMs),
    maxLoadingRetryTime: LOADING_RECHECK_MS,
    commandTimeout: MAX_CALL_BUDGET_MS,
    ...(options.username !== undefined && { username: options.username }),
    ...(options.password !== undefined && { password: options.password }),
    ...(tls && { tls }),
  };
}
