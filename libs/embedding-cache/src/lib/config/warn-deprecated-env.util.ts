import { Logger } from '@nestjs/common';

const DEPRECATED_PREFIX = 'LLAMAINDEX_CACHE_';

/** Replacements of the variables of the legacy file cache. */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  LLAMAINDEX_CACHE_ENABLED: 'REDIS_EMBEDDING_CACHE_ENABLED',
  LLAMAINDEX_CACHE_TTL: 'REDIS_EMBEDDING_CACHE_TTL_DAYS',
  LLAMAINDEX_CACHE_TTL_DAYS: 'REDIS_EMBEDDING_CACHE_TTL_DAYS',
  LLAMAINDEX_CACHE_PREFIX: 'REDIS_EMBEDDING_CACHE_PREFIX',
  LLAMAINDEX_CACHE_NAMESPACE: 'REDIS_EMBEDDING_CACHE_PREFIX',
};
const DEFAULT_REPLACEMENT = 'REDIS_EMBEDDING_CACHE_URL (the file cache is replaced by Redis)';

const warned = new Set<string>();

/**
 * Logs one warning per set `LLAMAINDEX_CACHE_*` variable, once per process, naming its
 * replacement. Nothing else changes: the variables are ignored and the legacy file is never written.
 * Returns the names it warned about this time.
 */
export function warnDeprecatedEnv(env: NodeJS.ProcessEnv, logger = new Logger('EmbeddingCache')): string[] {
  const fresh = Object.keys(env)
    .filter((name) => name.startsWith(DEPRECATED_PREFIX) && env[name] !== undefined && !warned.has(name))
    .sort();
  for (const name of fresh) {
    warned.add(name);
    logger.warn(
      `${name} is deprecated and ignored: the file cache is read-only; use ${REPLACEMENTS[name] ?? DEFAULT_REPLACEMENT} instead`,
    );
  }
  return fresh;
}
