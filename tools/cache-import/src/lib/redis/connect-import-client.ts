import { Redis } from 'ioredis';
import { redactUrl } from '@rag/config-kit';
import { REDIS_COMMAND_TIMEOUT_MS, REDIS_CONNECT_TIMEOUT_MS } from '../cache-import.constants';
import { RedisImportError } from '../errors/redis-import.error';
import type { ImportSettings } from '../interfaces/import-settings.interface';
import { closeImportClient } from './close-import-client.util';

/**
 * Opens a dedicated ioredis connection for the import and waits until it is ready.
 *
 * Unlike the apps' cache client this one is not fail-open: it never reconnects
 * (`retryStrategy` returns null) and has no offline queue, so once the server goes away every
 * pending and later command fails at once and the import stops with a clear error instead of
 * waiting or silently dropping entries. `commandTimeout` turns a frozen server into an error too.
 * ACL credentials (in `url`) and TLS come from the same variables as the apps'. Throws `RedisImportError`
 * naming the (redacted) URL when the connection cannot be made.
 */
export async function connectImportClient(settings: Pick<ImportSettings, 'url' | 'tls'>): Promise<Redis> {
  const { url, tls } = settings;
  const client = new Redis(url, {
    ...(tls && { tls }),
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // No CLIENT SETINFO on connect, as in the apps: fewer round trips and fewer commands to allow in an ACL.
    disableClientInfo: true,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  // Without a listener ioredis prints "Unhandled error event" for every socket error.
  client.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await client.connect();
  } catch (error) {
    closeImportClient(client);
    // connect() only says "Connection is closed."; the error event has the cause (ECONNREFUSED, NOAUTH …).
    const reason = (lastError ?? (error as Error)).message;
    throw new RedisImportError(
      `cannot connect to Redis at ${redactUrl(url)}: ${reason} (set REDIS_EMBEDDING_CACHE_URL or REDIS_URL)`,
      lastError ?? error,
    );
  }
  return client;
}
