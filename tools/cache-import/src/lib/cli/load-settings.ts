import {
  EMBEDDING_CACHE_DEFAULTS,
  InvalidEmbeddingCacheConfigError,
  buildTlsOptions,
  loadEmbeddingCacheOptions,
  urlWithCredentials,
} from '@rag/embedding-cache';
import { UsageError } from '../errors/usage.error';
import type { ImportSettings } from '../interfaces/import-settings.interface';

/**
 * Reads the cache settings with the library's own loader, so the import writes exactly the keys,
 * prefix and TTL the apps use, and connects with the same credentials and TLS settings. An invalid
 * variable becomes a `UsageError` naming it.
 */
export function loadSettings(env: NodeJS.ProcessEnv): ImportSettings {
  let options: ReturnType<typeof loadEmbeddingCacheOptions>;
  let tls: ImportSettings['tls'];
  try {
    options = loadEmbeddingCacheOptions(env);
    tls = buildTlsOptions(options);
  } catch (error) {
    if (error instanceof InvalidEmbeddingCacheConfigError) throw new UsageError(error.message, false, error);
    throw error;
  }
  return {
    url: urlWithCredentials(options),
    ...(tls && { tls }),
    prefix: options.prefix ?? EMBEDDING_CACHE_DEFAULTS.prefix,
    ttlSeconds: options.ttlSeconds ?? EMBEDDING_CACHE_DEFAULTS.ttlSeconds,
    enabled: options.enabled ?? EMBEDDING_CACHE_DEFAULTS.enabled,
    dtype: options.dtype ?? EMBEDDING_CACHE_DEFAULTS.dtype,
  };
}
