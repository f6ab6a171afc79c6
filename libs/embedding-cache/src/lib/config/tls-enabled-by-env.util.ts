import { findTopology } from '../redis/topologies/find-topology.util';

/** The variables that decide whether the cache connects with TLS. */
export interface TlsEnv {
  REDIS_EMBEDDING_CACHE_MODE?: string;
  REDIS_EMBEDDING_CACHE_TLS?: boolean;
  REDIS_EMBEDDING_CACHE_URL?: string;
  REDIS_URL?: string;
}

/**
 * Whether TLS is on: `REDIS_EMBEDDING_CACHE_TLS=true`, or the topology's default for the cache URL
 * (on for a `rediss://` URL in standalone mode; cluster and sentinel do not use the URL).
 */
export function tlsEnabledByEnv(env: TlsEnv): boolean {
  if (env.REDIS_EMBEDDING_CACHE_TLS === true) return true;
  const url = env.REDIS_EMBEDDING_CACHE_URL ?? env.REDIS_URL ?? '';
  return findTopology(env.REDIS_EMBEDDING_CACHE_MODE)?.tlsByDefault(url) ?? false;
}
