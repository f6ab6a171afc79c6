import { BooleanEnv, IntegerIn, UrlWithScheme } from '@rag/config-kit';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, Validate } from 'class-validator';
import { DEFAULT_REDIS_URL, EMBEDDING_CACHE_DEFAULTS, MAX_TTL_DAYS, OPTION_RANGES, SECONDS_PER_DAY } from '../embedding-cache.constants';
import type { RedisMode } from '../interfaces/redis-mode.interface';
import { REDIS_MODES } from '../redis/topologies/redis-topologies';
import { HostPortListConstraint } from './host-port-list.constraint';
import { TlsCaFileConstraint } from './tls-ca-file.constraint';

/** Schemes of the cache URLs. */
const REDIS_URL_SCHEMES = ['redis', 'rediss'];

/** Allowed key prefixes: 1-64 characters, none of them special in a SCAN MATCH pattern. */
export const PREFIX_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * The environment variables of the embedding cache, validated with class-validator. Every
 * message starts with the variable's name, so a boot error says what to fix.
 */
export class EmbeddingCacheEnv {
  /** Redis URL shared by the apps. */
  @UrlWithScheme(REDIS_URL_SCHEMES)
  REDIS_URL: string = DEFAULT_REDIS_URL;

  /** Optional separate Redis for the cache. */
  @IsOptional()
  @UrlWithScheme(REDIS_URL_SCHEMES)
  REDIS_EMBEDDING_CACHE_URL?: string = undefined;

  /** Redis topology: a key of `REDIS_TOPOLOGIES` (standalone, cluster or sentinel). */
  @IsIn(REDIS_MODES, { message: `$property must be one of ${REDIS_MODES.join(', ')}` })
  REDIS_EMBEDDING_CACHE_MODE: RedisMode = EMBEDDING_CACHE_DEFAULTS.mode;

  /** Cluster seed nodes, `host:port,host:port`; required in cluster mode (see `redis/topologies/cluster.ts`). */
  @IsOptional()
  @Validate(HostPortListConstraint)
  REDIS_EMBEDDING_CACHE_NODES?: string = undefined;

  /** Sentinels, `host:port,host:port`; required in sentinel mode (see `redis/topologies/sentinel.ts`). */
  @IsOptional()
  @Validate(HostPortListConstraint)
  REDIS_SENTINELS?: string = undefined;

  /** Name of the master the sentinels monitor; required in sentinel mode. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,128}$/, { message: '$property must be 1-128 characters of A-Z a-z 0-9 _ . -' })
  REDIS_SENTINEL_MASTER?: string = undefined;

  /** Password of the sentinels themselves. */
  @IsOptional()
  @IsString()
  REDIS_SENTINEL_PASSWORD?: string = undefined;

  /** ACL user of the data nodes; overrides the URL's user. */
  @IsOptional()
  @MinLength(1, { message: '$property must be 1-256 characters' })
  @MaxLength(256, { message: '$property must be 1-256 characters' })
  REDIS_EMBEDDING_CACHE_USERNAME?: string = undefined;

  /** Password of the data nodes; overrides the URL's password. */
  @IsOptional()
  @IsString()
  REDIS_EMBEDDING_CACHE_PASSWORD?: string = undefined;

  /** TLS on or off; by default on for a rediss:// URL in standalone mode. */
  @IsOptional()
  @BooleanEnv()
  REDIS_EMBEDDING_CACHE_TLS?: boolean = undefined;

  /** PEM file of the CA that signed the Redis servers' certificates. */
  @IsOptional()
  @Validate(TlsCaFileConstraint)
  REDIS_TLS_CA_FILE?: string = undefined;

  /** Turns the cache on or off. */
  @BooleanEnv()
  REDIS_EMBEDDING_CACHE_ENABLED: boolean = EMBEDDING_CACHE_DEFAULTS.enabled;

  /** Entry lifetime in days. */
  @IntegerIn(1, MAX_TTL_DAYS)
  REDIS_EMBEDDING_CACHE_TTL_DAYS: number = EMBEDDING_CACHE_DEFAULTS.ttlSeconds / SECONDS_PER_DAY;

  /** Key prefix. */
  @Matches(PREFIX_PATTERN, { message: '$property must be 1-64 characters of A-Z a-z 0-9 _ . : -' })
  REDIS_EMBEDDING_CACHE_PREFIX: string = EMBEDDING_CACHE_DEFAULTS.prefix;

  /** Single-key Redis call budget in milliseconds. */
  @IntegerIn(...OPTION_RANGES.timeoutMs)
  REDIS_EMBEDDING_CACHE_TIMEOUT_MS: number = EMBEDDING_CACHE_DEFAULTS.timeoutMs;

  /** Fleet-wide single-flight lock on misses. */
  @BooleanEnv()
  REDIS_EMBEDDING_CACHE_LOCK_ENABLED: boolean = EMBEDDING_CACHE_DEFAULTS.lockEnabled;

  /** Lock lifetime in milliseconds. */
  @IntegerIn(...OPTION_RANGES.lockTtlMs)
  REDIS_EMBEDDING_CACHE_LOCK_TTL_MS: number = EMBEDDING_CACHE_DEFAULTS.lockTtlMs;

  /** Longest wait for another process's value, in milliseconds. */
  @IntegerIn(...OPTION_RANGES.lockWaitMs)
  REDIS_EMBEDDING_CACHE_LOCK_WAIT_MS: number = EMBEDDING_CACHE_DEFAULTS.lockWaitMs;

  /** Element type of written values. */
  @IsIn(['float32', 'float16'], { message: '$property must be float32 or float16' })
  REDIS_EMBEDDING_CACHE_DTYPE: 'float32' | 'float16' = EMBEDDING_CACHE_DEFAULTS.dtype;

  /** In-process L1 size in MiB; 0 disables it. */
  @IntegerIn(...OPTION_RANGES.l1MaxMb)
  REDIS_EMBEDDING_CACHE_L1_MAX_MB: number = EMBEDDING_CACHE_DEFAULTS.l1MaxMb;

  /** Longest time an L1 entry is served while the invalidation channel does not vouch for it, in milliseconds. */
  @IntegerIn(...OPTION_RANGES.l1MaxStaleMs)
  REDIS_EMBEDDING_CACHE_L1_MAX_STALE_MS: number = EMBEDDING_CACHE_DEFAULTS.l1MaxStaleMs;
}
