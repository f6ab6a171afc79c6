import { EMBEDDING_CACHE_DEFAULTS } from '../embedding-cache.constants';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { redactRedisUrl } from './redact-redis-url.util';

/**
 * Where the cache connects, for logs and startup lines, without any secret: the redacted URL in
 * standalone mode, the seed nodes of a cluster, the master name and sentinels in sentinel mode
 * (where the URL is not used at all), or `disabled`.
 */
export function describeCacheTarget(options: EmbeddingCacheModuleOptions): string {
  if (options.enabled === false) return 'disabled';
  const mode = options.mode ?? EMBEDDING_CACHE_DEFAULTS.mode;
  const tls = options.tls ? ', TLS' : '';
  switch (mode) {
    case 'cluster':
      return `cluster via ${(options.nodes ?? []).join(',')}${tls}`;
    case 'sentinel':
      return `sentinel master "${options.sentinelMaster ?? ''}" via ${(options.sentinels ?? []).join(',')}${tls}`;
    case 'standalone':
      return redactRedisUrl(options.url ?? EMBEDDING_CACHE_DEFAULTS.url);
    default: {
      const unknown: never = mode;
      throw new Error(`unknown Redis mode ${String(unknown)}`);
    }
  }
}
