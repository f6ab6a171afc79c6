import { EMBEDDING_CACHE_DEFAULTS } from '../embedding-cache.constants';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';

/**
 * The standalone URL with `username` / `password` (REDIS_EMBEDDING_CACHE_USERNAME / _PASSWORD)
 * written into it. ioredis lets a user or password in the URL win over its options, so explicit
 * credentials must replace the URL's own for a shared `REDIS_URL=redis://:old@…` not to win.
 * The result holds the password: print it only through `redactUrl` (`@rag/config-kit`).
 */
export function urlWithCredentials(options: Pick<EmbeddingCacheModuleOptions, 'url' | 'username' | 'password'>): string {
  const url = options.url ?? EMBEDDING_CACHE_DEFAULTS.url;
  if (options.username === undefined && options.password === undefined) return url;
  const parsed = new URL(url);
  if (options.username !== undefined) parsed.username = encodeURIComponent(options.username);
  if (options.password !== undefined) parsed.password = encodeURIComponent(options.password);
  return parsed.toString();
}
