import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min, Validate, validateSync } from 'class-validator';
import { DEFAULT_REDIS_URL, RedisUrlConstraint, redactRedisUrl } from '@rag/embedding-cache';
import { DEFAULT_EMBEDDING_BATCH_SIZE } from '@rag/embedding-jobs';

/** Log levels of pino accepted by `LOG_LEVEL`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The worker's own environment variables (the cache and provider validate theirs in their libs). */
export class WorkerEnv {
  /** Redis of the queue (and of the cache unless REDIS_EMBEDDING_CACHE_URL is set). */
  @Validate(RedisUrlConstraint)
  REDIS_URL: string = DEFAULT_REDIS_URL;

  /** Jobs processed at once by this process. */
  @Type(() => Number)
  @Max(64, { message: '$property must be an integer from 1 to 64' })
  @Min(1, { message: '$property must be an integer from 1 to 64' })
  @IsInt({ message: '$property must be an integer from 1 to 64' })
  WORKER_CONCURRENCY = 2;

  /** Texts per getOrCompute call. */
  @Type(() => Number)
  @Max(2048, { message: '$property must be an integer from 1 to 2048' })
  @Min(1, { message: '$property must be an integer from 1 to 2048' })
  @IsInt({ message: '$property must be an integer from 1 to 2048' })
  EMBEDDING_BATCH_SIZE = DEFAULT_EMBEDDING_BATCH_SIZE;

  /** Port of the health and metrics endpoints. */
  @Type(() => Number)
  @Max(65_535, { message: '$property must be an integer from 1 to 65535' })
  @Min(1, { message: '$property must be an integer from 1 to 65535' })
  @IsInt({ message: '$property must be an integer from 1 to 65535' })
  WORKER_HTTP_PORT = 3001;

  /** How long a job's lock lasts without renewal; a crashed worker's job is retried after this. */
  @Type(() => Number)
  @Max(600_000, { message: '$property must be an integer from 1000 to 600000' })
  @Min(1_000, { message: '$property must be an integer from 1000 to 600000' })
  @IsInt({ message: '$property must be an integer from 1000 to 600000' })
  WORKER_LOCK_DURATION_MS = 30_000;

  /** How often this worker looks for stalled jobs (of crashed workers). */
  @Type(() => Number)
  @Max(600_000, { message: '$property must be an integer from 500 to 600000' })
  @Min(500, { message: '$property must be an integer from 500 to 600000' })
  @IsInt({ message: '$property must be an integer from 500 to 600000' })
  WORKER_STALLED_INTERVAL_MS = 30_000;

  /** pino log level. */
  @IsIn(LOG_LEVELS, { message: `$property must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
}

const NAMES = Object.keys(new WorkerEnv());

/** Typed worker settings. */
export interface WorkerConfig {
  redisUrl: string;
  concurrency: number;
  batchSize: number;
  httpPort: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  logLevel: WorkerEnv['LOG_LEVEL'];
}

/** Reads and checks the worker's variables; throws one error naming every bad one. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const own = Object.fromEntries(NAMES.map((name) => [name, env[name]]).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = plainToInstance(WorkerEnv, own, { enableImplicitConversion: true });
  const errors = validateSync(parsed, { skipMissingProperties: false, stopAtFirstError: true });
  if (errors.length > 0) {
    const problems = errors.map((e) => {
      const shown = e.property.endsWith('_URL') ? redactRedisUrl(String(e.value)) : String(e.value);
      return `${Object.values(e.constraints ?? {}).join(', ')} (got "${shown}")`;
    });
    throw new Error(`Invalid worker configuration: ${problems.join('; ')}`);
  }
  return {
    redisUrl: parsed.REDIS_URL,
    concurrency: parsed.WORKER_CONCURRENCY,
    batchSize: parsed.EMBEDDING_BATCH_SIZE,
    httpPort: parsed.WORKER_HTTP_PORT,
    lockDurationMs: parsed.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: parsed.WORKER_STALLED_INTERVAL_MS,
    logLevel: parsed.LOG_LEVEL,
  };
}
