/** The variables that decide whether the cache connects with TLS. */
export interface TlsEnv {
  REDIS_EMBEDDING_CACHE_MODE?: string;
  REDIS_EMBEDDING_CACHE_TLS?: boolean;
  REDIS_EMBEDDING_CACHE_URL?: string;
  REDIS_URL?: string;
}

/**
 * Whether TLS is on: `REDIS_EMBEDDING_CACHE_TLS=true`, or, in standalone mode, a `rediss://`
 * cache URL. (In cluster and sentinel modes the URL is not used, so only the flag counts.)
 */
export function tlsEnabledByEnv(env: TlsEnv): boolean {
  if (env.REDIS_EMBEDDING_CACHE_TLS === true) return true;
  const mode = env.REDIS_EMBEDDING_CACHE_MODE ?? 'standalone';
  const url = env.REDIS_EMBEDDING_CACHE_URL ?? env.REDIS_URL ?? '';
  return mode === 'standalone' && url.startsWith('rediss://');
}
