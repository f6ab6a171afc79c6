import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min, Validate } from 'class-validator';
import { DEFAULT_REDIS_URL, EMBEDDING_CACHE_DEFAULTS, SECONDS_PER_DAY } from '../embedding-cache.constants';
import { parseBooleanEnv } from './parse-boolean-env.util';
import { RedisUrlConstraint } from './redis-url.constraint';

/** Allowed key prefixes: 1-64 characters, none of them special in a SCAN MATCH pattern. */
export const PREFIX_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * The environment variables of the embedding cache, validated with class-validator. Every
 * message starts with the variable's name, so a boot error says what to fix.
 */
export class EmbeddingCacheEnv {
  /** Redis URL shared by the apps. */
  @Validate(RedisUrlConstraint)
  REDIS_URL: string = DEFAULT_REDIS_URL;

  /** Optional separate Redis for the cache. */
  @IsOptional()
  @Validate(RedisUrlConstraint)
  REDIS_EMBEDDING_CACHE_URL?: string = undefined;

  /** Turns the cache on or off. */
  @Transform(parseBooleanEnv)
  @IsBoolean({ message: '$property must be true or false' })
  REDIS_EMBEDDING_CACHE_ENABLED: boolean = EMBEDDING_CACHE_DEFAULTS.enabled;

  /** Entry lifetime in days. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 1 to 3650' })
  @Min(1, { message: '$property must be an integer from 1 to 3650' })
  @Max(3650, { message: '$property must be an integer from 1 to 3650' })
  REDIS_EMBEDDING_CACHE_TTL_DAYS: number = EMBEDDING_CACHE_DEFAULTS.ttlSeconds / SECONDS_PER_DAY;

  /** Key prefix. */
  @Matches(PREFIX_PATTERN, { message: '$property must be 1-64 characters of A-Z a-z 0-9 _ . : -' })
  REDIS_EMBEDDING_CACHE_PREFIX: string = EMBEDDING_CACHE_DEFAULTS.prefix;

  /** Single-key Redis call budget in milliseconds. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 1 to 10000' })
  @Min(1, { message: '$property must be an integer from 1 to 10000' })
  @Max(10_000, { message: '$property must be an integer from 1 to 10000' })
  REDIS_EMBEDDING_CACHE_TIMEOUT_MS: number = EMBEDDING_CACHE_DEFAULTS.timeoutMs;

  /** Fleet-wide single-flight lock on misses. */
  @Transform(parseBooleanEnv)
  @IsBoolean({ message: '$property must be true or false' })
  REDIS_EMBEDDING_CACHE_LOCK_ENABLED: boolean = EMBEDDING_CACHE_DEFAULTS.lockEnabled;

  /** Lock lifetime in milliseconds. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 100 to 3600000' })
  @Min(100, { message: '$property must be an integer from 100 to 3600000' })
  @Max(3_600_000, { message: '$property must be an integer from 100 to 3600000' })
  REDIS_EMBEDDING_CACHE_LOCK_TTL_MS: number = EMBEDDING_CACHE_DEFAULTS.lockTtlMs;

  /** Longest wait for another process's value, in milliseconds. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 0 to 3600000' })
  @Min(0, { message: '$property must be an integer from 0 to 3600000' })
  @Max(3_600_000, { message: '$property must be an integer from 0 to 3600000' })
  REDIS_EMBEDDING_CACHE_LOCK_WAIT_MS: number = EMBEDDING_CACHE_DEFAULTS.lockWaitMs;

  /** Element type of written values. */
  @IsIn(['float32', 'float16'], { message: '$property must be float32 or float16' })
  REDIS_EMBEDDING_CACHE_DTYPE: 'float32' | 'float16' = EMBEDDING_CACHE_DEFAULTS.dtype;

  /** In-process L1 size in MiB; 0 disables it. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 0 to 65536' })
  @Min(0, { message: '$property must be an integer from 0 to 65536' })
  @Max(65_536, { message: '$property must be an integer from 0 to 65536' })
  REDIS_EMBEDDING_CACHE_L1_MAX_MB: number = EMBEDDING_CACHE_DEFAULTS.l1MaxMb;
}
