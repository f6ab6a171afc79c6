import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, Max, Min, Validate, validateSync } from 'class-validator';
import { DEFAULT_REDIS_URL, RedisUrlConstraint, parseBooleanEnv, redactRedisUrl } from '@rag/embedding-cache';

/** Log levels of pino accepted by `LOG_LEVEL`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Values of `JOBS_IN_PROCESS`. */
export const JOBS_IN_PROCESS_VALUES = ['auto', 'true', 'false'] as const;

/**
 * Whether rag-api runs a processor of the `embedding-jobs` queue itself: `auto` (the default) when
 * `DATABASE_URL` is unset, since an embedded PGlite belongs to this process and a separate worker
 * cannot write to it. Read when the module is built; an invalid value fails validation at boot.
 */
export function resolveJobsInProcess(env: Record<string, string | undefined>): boolean {
  const setting = env['JOBS_IN_PROCESS']?.trim().toLowerCase() || 'auto';
  if (setting === 'auto') return !env['DATABASE_URL']?.trim();
  return setting === 'true';
}

/** rag-api's own environment variables (the cache and provider validate theirs in their libs). */
export class RagApiEnv {
  /** Redis of the job queue (and of the cache unless REDIS_EMBEDDING_CACHE_URL is set). */
  @Validate(RedisUrlConstraint)
  REDIS_URL: string = DEFAULT_REDIS_URL;

  /** HTTP port. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 1 to 65535' })
  @Min(1, { message: '$property must be an integer from 1 to 65535' })
  @Max(65_535, { message: '$property must be an integer from 1 to 65535' })
  PORT = 3000;

  /** Longest accepted input text, in characters. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 1 to 1000000' })
  @Min(1, { message: '$property must be an integer from 1 to 1000000' })
  @Max(1_000_000, { message: '$property must be an integer from 1 to 1000000' })
  EMBEDDING_MAX_INPUT_CHARS = 32_768;

  /** Fail readiness while the cache is down. */
  @Transform(parseBooleanEnv)
  @IsBoolean({ message: '$property must be true or false' })
  EMBEDDING_CACHE_REQUIRED = false;

  /** Run the job processor in this process: auto (when DATABASE_URL is unset), true or false. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(JOBS_IN_PROCESS_VALUES, { message: `$property must be one of ${JOBS_IN_PROCESS_VALUES.join(', ')}` })
  JOBS_IN_PROCESS: (typeof JOBS_IN_PROCESS_VALUES)[number] = 'auto';

  /** pino log level. */
  @IsIn(LOG_LEVELS, { message: `$property must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
}

const NAMES = Object.keys(new RagApiEnv());

/**
 * `ConfigModule.forRoot({ validate })` hook: checks rag-api's variables and returns the whole
 * environment with them typed. Throws one error naming every bad variable.
 */
export function validateEnv(env: Record<string, unknown>): Record<string, unknown> {
  const own = Object.fromEntries(NAMES.map((name) => [name, env[name]]).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = plainToInstance(RagApiEnv, own, { enableImplicitConversion: true });
  const errors = validateSync(parsed, { skipMissingProperties: false });
  if (errors.length > 0) {
    const problems = errors.map((e) => {
      const shown = e.property.endsWith('_URL') ? redactRedisUrl(String(e.value)) : String(e.value);
      return `${Object.values(e.constraints ?? {}).join(', ')} (got "${shown}")`;
    });
    throw new Error(`Invalid rag-api configuration: ${problems.join('; ')}`);
  }
  return { ...env, ...parsed };
}
