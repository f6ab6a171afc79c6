import type { Redis } from 'ioredis';

/**
 * Closes the import's connection. A client that already ended (refused, or the server went away)
 * is left alone: ioredis's `disconnect()` would arm a 2 s timer that only a socket `close` event
 * clears, and that event has already passed, so the process would linger for 2 s.
 */
export function closeImportClient(client: Redis): void {
  if (client.status !== 'end') client.disconnect();
}
