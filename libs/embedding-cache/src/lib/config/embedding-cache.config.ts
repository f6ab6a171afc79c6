import { registerAs } from '@nestjs/config';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { ValidationError } from 'class-validator';
import { SECONDS_PER_DAY } from '../embedding-cache.constants';
import { InvalidEmbeddingCacheConfigError } from '../errors/invalid-embedding-cache-config.error';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { redactRedisUrl } from '../utils/redact-redis-url.util';
import { EmbeddingCacheEnv } from './embedding-cache.env';
import { tlsEnabledByEnv } from './tls-enabled-by-env.util';
import { warnDeprecatedEnv } from './warn-deprecated-env.util';

const ENV_NAMES = Object.keys(new EmbeddingCacheEnv());

/**
 * Reads and validates the cache's environment variables (see README, "Configuration").
 * Throws `InvalidEmbeddingCacheConfigError` naming every bad variable; empty values count as unset.
 */
export function loadEmbeddingCacheOptions(env: NodeJS.ProcessEnv = process.env): EmbeddingCacheModuleOptions {
  warnDeprecatedEnv(env);
  const present = Object.fromEntries(
    ENV_NAMES.map((name) => [name, env[name]]).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = plainToInstance(EmbeddingCacheEnv, present, {
    enableImplicitConversion: true,
    excludeExtraneousValues: false,
  });
  const errors = validateSync(parsed, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new InvalidEmbeddingCacheConfigError(errors.map(describeError));
  return {
    enabled: parsed.REDIS_EMBEDDING_CACHE_ENABLED,
    mode: parsed.REDIS_EMBEDDING_CACHE_MODE,
    url: parsed.REDIS_EMBEDDING_CACHE_URL ?? parsed.REDIS_URL,
    nodes: splitList(parsed.REDIS_EMBEDDING_CACHE_NODES),
    sentinels: splitList(parsed.REDIS_SENTINELS),
    sentinelMaster: parsed.REDIS_SENTINEL_MASTER,
    sentinelPassword: parsed.REDIS_SENTINEL_PASSWORD,
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
  };
}

function describeError(error: ValidationError): string {
  const messages = Object.values(error.constraints ?? {}).join(', ');
  if (error.value === undefined) return messages;
  const raw = String(error.value);
  const shown = error.property.endsWith('_PASSWORD') ? '***' : error.property.endsWith('_URL') ? redactRedisUrl(raw) : raw;
  return `${messages} (got "${shown}")`;
}

function splitList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((entry) => entry.trim()).filter(Boolean);
}

/**
 * The `embeddingCache` configuration namespace. Apps wire the module with
 * `EmbeddingCacheModule.forRootAsync(embeddingCacheConfig.asProvider())`.
 */
export const embeddingCacheConfig = registerAs('embeddingCache', () => loadEmbeddingCacheOptions());
