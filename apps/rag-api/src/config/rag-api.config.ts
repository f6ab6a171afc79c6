import { registerAs } from '@nestjs/config';
import { resolveJobsInProcess, validateEnv } from './env.validation';
import type { RagApiEnv } from './env.validation';

/** Typed options of rag-api itself. */
export interface RagApiConfig {
  redisUrl: string;
  port: number;
  maxInputChars: number;
  cacheRequired: boolean;
  logLevel: RagApiEnv['LOG_LEVEL'];
  /** Request headers redacted in logs on top of the credential headers (`LOG_REDACT_HEADERS`), lower-case. */
  redactHeaders: string[];
  /** Whether this process runs the `embedding-jobs` processor (`JOBS_IN_PROCESS`). */
  jobsInProcess: boolean;
  /** `DOCUMENT_STUCK_AFTER_MS`: the reconciler's bound. */
  documentStuckAfterMs: number;
  /** `WORKER_LOCK_DURATION_MS` of the in-process processor. */
  lockDurationMs: number;
  /** `WORKER_STALLED_INTERVAL_MS` of the in-process processor. */
  stalledIntervalMs: number;
}

/** The `ragApi` configuration namespace, read from the validated environment. */
export const ragApiConfig = registerAs('ragApi', (): RagApiConfig => {
  const env = validateEnv(process.env) as unknown as RagApiEnv;
  return {
    redisUrl: env.REDIS_URL,
    port: env.PORT,
    maxInputChars: env.EMBEDDING_MAX_INPUT_CHARS,
    cacheRequired: env.EMBEDDING_CACHE_REQUIRED,
    logLevel: env.LOG_LEVEL,
    redactHeaders: env.LOG_REDACT_HEADERS.split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
    jobsInProcess: resolveJobsInProcess(process.env),
    documentStuckAfterMs: env.DOCUMENT_STUCK_AFTER_MS,
    lockDurationMs: env.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  };
});
