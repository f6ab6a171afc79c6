import type { EmbeddingCacheEnv } from '../../config/embedding-cache.env';

/**
 * A topology's `envProblems` for variables it cannot do without: one
 * `<NAME> is required when REDIS_EMBEDDING_CACHE_MODE=<mode>` per unset name.
 */
export function requiredEnv(env: EmbeddingCacheEnv, names: readonly (keyof EmbeddingCacheEnv)[]): string[] {
  return names
    .filter((name) => env[name] === undefined)
    .map((name) => `${name} is required when REDIS_EMBEDDING_CACHE_MODE=${env.REDIS_EMBEDDING_CACHE_MODE}`);
}
