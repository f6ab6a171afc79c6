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
  /** `RAG_API_KEYS_FILE`; `undefined` when no key is required. */
  keysFile?: string;
  /** Address to listen on (`RAG_API_HOST`, by default 0.0.0.0 with keys, 127.0.0.1 without). */
  host: string;
  /** `RAG_API_ALLOW_UNAUTHENTICATED`. */
  allowUnauthenticated: boolean;
  /** `RAG_API_MAX_QUEUED_JOB_BYTES`: per key, bytes of text in unfinished jobs. */
  maxQueuedJobBytes: number;
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
    keysFile: env.RAG_API_KEYS_FILE?.trim() || undefined,
    host: env.RAG_API_HOST ?? (env.RAG_API_KEYS_FILE?.trim() ? '0.0.0.0' : '127.0.0.1'),
    allowUnauthenticated: env.RAG_API_ALLOW_UNAUTHENTICATED,
    maxQueuedJobBytes: env.RAG_API_MAX_QUEUED_JOB_BYTES,
  };
});
