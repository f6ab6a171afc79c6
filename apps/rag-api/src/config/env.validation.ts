import 'reflect-metadata';
import { Transform } from 'class-transformer';
import { IsIP, IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { BooleanEnv, IntegerIn, UrlWithScheme, loadEnv } from '@rag/config-kit';
import { DEFAULT_REDIS_URL } from '@rag/embedding-cache';

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
  @UrlWithScheme(['redis', 'rediss'])
  REDIS_URL: string = DEFAULT_REDIS_URL;

  /** HTTP port. */
  @IntegerIn(1, 65_535)
  PORT = 3000;

  /** Longest accepted input text, in characters. */
  @IntegerIn(1, 1_000_000)
  EMBEDDING_MAX_INPUT_CHARS = 32_768;

  /**
   * Bytes of request bodies read, parsed and served at once; a POST beyond it gets 503 with
   * Retry-After before its body is read (default 16 MiB: one body of the 10 MB limit and smaller
   * ones; four at once held /health/live for over 1 s on a busy 2-core machine, docs/operations.md §11).
   */
  @IntegerIn(1_048_576, 4_294_967_295)
  HTTP_MAX_INFLIGHT_BODY_BYTES = 16_777_216;

  /**
   * Whether a cached `POST /v1/embeddings` whose every vector and its JSON are in memory is
   * answered before Express and Nest (the same bytes, headers, logs and metrics; docs/benchmarks.md,
   * "The HTTP hot path"). Off: every request takes the full stack.
   */
  @BooleanEnv()
  HTTP_FAST_PATH = true;

  /** Fail readiness while the cache is down. */
  @BooleanEnv()
  EMBEDDING_CACHE_REQUIRED = false;

  /** Run the job processor in this process: auto (when DATABASE_URL is unset), true or false. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(JOBS_IN_PROCESS_VALUES, { message: `$property must be one of ${JOBS_IN_PROCESS_VALUES.join(', ')}` })
  JOBS_IN_PROCESS: (typeof JOBS_IN_PROCESS_VALUES)[number] = 'auto';

  /**
   * Longest time a document may stay `pending` or `processing` with no live job behind it (its job
   * gone, failed unrecorded, or its inline ingestion interrupted) before the reconciler marks it
   * `failed` with the reason (docs/operations.md, "Document reconciler").
   */
  @IntegerIn(1_000, 86_400_000)
  DOCUMENT_STUCK_AFTER_MS = 600_000;

  /** In-process processor (JOBS_IN_PROCESS): how long a job's lock lasts without renewal; a dead process's job is retried after this. */
  @IntegerIn(1_000, 600_000)
  WORKER_LOCK_DURATION_MS = 30_000;

  /** In-process processor (JOBS_IN_PROCESS): how often it looks for stalled jobs (of a dead process). */
  @IntegerIn(500, 600_000)
  WORKER_STALLED_INTERVAL_MS = 30_000;

  /** pino log level. */
  @IsIn(LOG_LEVELS, { message: `$property must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /**
   * More request headers to redact in logs, comma-separated (those that always are: authorization,
   * proxy-authorization, api-key, x-api-key, cookie).
   */
  @Matches(/^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+\s*(,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*)*)?$/, {
    message: '$property must be a comma-separated list of HTTP header names',
  })
  LOG_REDACT_HEADERS = '';

  /**
   * JSON file of API keys (`{"keys": [{"id", "sha256", "collections", "permissions",
   * "requestsPerMinute"}]}`, docs/security.md). When set, every route but /health/live and
   * /health/ready needs a key. Unset: no keys, and rag-api listens on loopback only.
   */
  @IsOptional()
  @MinLength(1, { message: '$property must be the path of a JSON keys file' })
  @IsString({ message: '$property must be the path of a JSON keys file' })
  RAG_API_KEYS_FILE?: string;

  /**
   * Address to listen on. Default: 0.0.0.0 with RAG_API_KEYS_FILE, 127.0.0.1 without. A
   * non-loopback address without keys needs RAG_API_ALLOW_UNAUTHENTICATED=true.
   */
  @IsOptional()
  @IsIP(undefined, { message: '$property must be an IPv4 or IPv6 address (127.0.0.1, 0.0.0.0, ::)' })
  RAG_API_HOST?: string;

  /** Opt-in to serving without API keys on a non-loopback RAG_API_HOST (behind a gateway that authenticates). */
  @BooleanEnv()
  RAG_API_ALLOW_UNAUTHENTICATED = false;

  /** Per key: most bytes of text in its jobs not yet finished (embed-texts and documents); beyond it, 429. */
  @IntegerIn(1_024, 1_000_000_000_000)
  RAG_API_MAX_QUEUED_JOB_BYTES = 100_000_000;
}

/**
 * `ConfigModule.forRoot({ validate })` hook: checks rag-api's variables and returns the whole
 * environment with them typed. Throws one error naming every bad variable.
 */
export function validateEnv(env: Record<string, unknown>): Record<string, unknown> {
  const parsed = loadEnv(RagApiEnv, env, {
    onInvalid: (problems) => new Error(`Invalid rag-api configuration: ${problems.join('; ')}`),
  });
  return { ...env, ...parsed };
}
