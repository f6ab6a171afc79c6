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
  /** `HTTP_FAST_PATH`: cached embeddings answered before Express and Nest (`EmbeddingsFastPath`). */
  fastPath: boolean;
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
    maxInFlightBodyBytes: env.HTTP_MAX_INFLIGHT_BODY_BYTES,
    fastPath: env.HTTP_FAST_PATH,
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
    documentStuckAfterMs: env.DOCUMENT_STUCK_AFTER_MS,
    lockDurationMs: env.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  };
});
