import { registerAs } from '@nestjs/config';
import { resolveJobsInProcess, validateEnv } from './env.validation';
import type { RagApiEnv } from './env.validation';

/** Typed options of rag-api itself. */
export interface RagApiConfig {
  redisUrl: string;
  port: number;
  maxInputChars: number;
  /** Bytes of request bodies in flight at once (`HTTP_MAX_INFLIGHT_BODY_BYTES`). */
  maxInFlightBodyBytes: number;
  cacheRequired: boolean;
  logLevel: RagApiEnv['LOG_LEVEL'];
  /** Request headers redacted in logs on top of the credential headers (`LOG_REDACT_HEADERS`), lower-case. */
  redactHeaders: string[];
  /** Whether this process runs the `embedding-jobs` processor (`JOBS_IN_PROCESS`). */
  jobsInProcess: boolean;
}

/** The `ragApi` configuration namespace, read from the validated environment. */
export const ragApiConfig = registerAs('ragApi', (): RagApiConfig => {
  const env = validateEnv(process.env) as unknown as RagApiEnv;
  return {
    redisUrl: env.REDIS_URL,
    port: env.PORT,
    maxInputChars: env.EMBEDDING_MAX_INPUT_CHARS,
    maxInFlightBodyBytes: env.HTTP_MAX_INFLIGHT_BODY_BYTES,
    cacheRequired: env.EMBEDDING_CACHE_REQUIRED,
    logLevel: env.LOG_LEVEL,
    redactHeaders: env.LOG_REDACT_HEADERS.split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
    jobsInProcess: resolveJobsInProcess(process.env),
  };
});
