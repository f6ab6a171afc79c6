import { registerAs } from '@nestjs/config';
import { loadEnv } from '@rag/config-kit';
import { SECONDS_PER_DAY } from '../embedding-cache.constants';
import { InvalidEmbeddingCacheConfigError } from '../errors/invalid-embedding-cache-config.error';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { findTopology } from '../redis/topologies/find-topology.util';
import { EmbeddingCacheEnv } from './embedding-cache.env';
import { tlsEnabledByEnv } from './tls-enabled-by-env.util';
import { warnDeprecatedEnv } from './warn-deprecated-env.util';

/**
 * Reads and validates the cache's environment variables (see README, "Configuration").
 * Throws `InvalidEmbeddingCacheConfigError` naming every bad variable, including those the chosen
 * topology requires; empty values count as unset.
 */
export function loadEmbeddingCacheOptions(env: NodeJS.ProcessEnv = process.env): EmbeddingCacheModuleOptions {
  warnDeprecatedEnv(env);
  const parsed = loadEnv(EmbeddingCacheEnv, env, {
    onInvalid: (problems) => new InvalidEmbeddingCacheConfigError(problems),
    // An unknown mode is reported by the mode's own rule.
    check: (values) => findTopology(values.REDIS_EMBEDDING_CACHE_MODE)?.envProblems(values) ?? [],
  });
  return {
    enabled: parsed.REDIS_EMBEDDING_CACHE_ENABLED,
    mode: parsed.REDIS_EMBEDDING_CACHE_MODE,
    url: parsed.REDIS_EMBEDDING_CACHE_URL ?? parsed.REDIS_URL,
    ...findTopology(parsed.REDIS_EMBEDDING_CACHE_MODE)?.fromEnv(parsed),
    username: parsed.REDIS_EMBEDDING_CACHE_USERNAME,
    password: parsed.REDIS_EMBEDDING_CACHE_PASSWORD,
    tls: tlsEnabledByEnv(parsed),
    tlsCaFile: parsed.REDIS_TLS_CA_FILE,
    prefix: parsed.REDIS_EMBEDDING_CACHE_PREFIX,
    ttlSeconds: parsed.REDIS_EMBEDDING_CACHE_TTL_DAYS * SECONDS_PER_DAY,
    timeoutMs: parsed.REDIS_EMBEDDING_CACHE_TIMEOUT_MS,
    lockEnabled: parsed.REDIS_EMBEDDING_CACHE_LOCK_ENABLED,
    lockTtlMs: parsed.REDIS_EMBEDDING_CACHE_LOCK_TTL_MS,
    lockWaitMs: parsed.REDIS_EMBEDDING_CACHE_LOCK_WAIT_MS,
    dtype: parsed.REDIS_EMBEDDING_CACHE_DTYPE,
    l1MaxMb: parsed.REDIS_EMBEDDING_CACHE_L1_MAX_MB,
    l1MaxStaleMs: parsed.REDIS_EMBEDDING_CACHE_L1_MAX_STALE_MS,
  };
}

/**
 * The `embeddingCache` configuration namespace. Apps wire the module with
 * `EmbeddingCacheModule.forRootAsync(embeddingCacheConfig.asProvider())`.
 */
export const embeddingCacheConfig = registerAs('embeddingCache', () => loadEmbeddingCacheOptions());
