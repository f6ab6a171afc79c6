import 'reflect-metadata';
import { IsIn } from 'class-validator';
import { IntegerIn, UrlWithScheme, loadEnv } from '@rag/config-kit';
import { DEFAULT_REDIS_URL } from '@rag/embedding-cache';
import { DEFAULT_EMBEDDING_BATCH_SIZE } from '@rag/embedding-jobs';

/** Log levels of pino accepted by `LOG_LEVEL`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The worker's own environment variables (the cache and provider validate theirs in their libs). */
export class WorkerEnv {
  /** Redis of the queue (and of the cache unless REDIS_EMBEDDING_CACHE_URL is set). */
  @UrlWithScheme(['redis', 'rediss'])
  REDIS_URL: string = DEFAULT_REDIS_URL;

  /** Jobs processed at once by this process. */
  @IntegerIn(1, 64)
  WORKER_CONCURRENCY = 2;

  /** Texts per getOrCompute call. */
  @IntegerIn(1, 2_048)
  EMBEDDING_BATCH_SIZE = DEFAULT_EMBEDDING_BATCH_SIZE;

  /** Port of the health and metrics endpoints. */
  @IntegerIn(1, 65_535)
  WORKER_HTTP_PORT = 3001;

  /** How long a job's lock lasts without renewal; a crashed worker's job is retried after this. */
  @IntegerIn(1_000, 600_000)
  WORKER_LOCK_DURATION_MS = 30_000;

  /** How often this worker looks for stalled jobs (of crashed workers). */
  @IntegerIn(500, 600_000)
  WORKER_STALLED_INTERVAL_MS = 30_000;

  /** pino log level. */
  @IsIn(LOG_LEVELS, { message: `$property must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
}

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
  const parsed = loadEnv(WorkerEnv, env, {
    onInvalid: (problems) => new Error(`Invalid worker configuration: ${problems.join('; ')}`),
  });
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
