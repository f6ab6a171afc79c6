import type { JobsOptions } from 'bullmq';

/** Name of the BullMQ queue of background embedding jobs. */
export const EMBEDDING_JOBS_QUEUE = 'embedding-jobs';

/** Name of the job that embeds a list of texts. */
export const EMBED_TEXTS_JOB = 'embed-texts';

/** Most texts one job may carry. */
export const MAX_JOB_TEXTS = 100_000;

/** Default `EMBEDDING_BATCH_SIZE`: texts per `getOrCompute` call. */
export const DEFAULT_EMBEDDING_BATCH_SIZE = 256;

/**
 * Options of every job: 3 attempts with exponential backoff (1 s, 2 s), completed jobs kept for
 * a day (at most 10 000) so their summary can be read, failed jobs kept for inspection.
 */
export const EMBEDDING_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};

/**
 * BullMQ `maxStalledCount` of every process taking `embedding-jobs`: a job whose process died (a
 * crash, SIGKILL, out of memory) is put back once, so a deploy or a lost node costs no document;
 * the next death fails the job for good. A poison job can thus stop at most two processes, and
 * its document is then marked `failed` with the reason (`EmbeddingJobsHandler.onFailed`).
 */
export const MAX_STALLED_COUNT = 1;

/**
 * Default time budget of one document's embedding (`IngestOptions.timeBudgetMs`): 15 minutes. The
 * largest accepted document (5 million characters) took about 80 s end to end with the local
 * provider on 2 cores, so only a stuck provider or a pathological input reaches it.
 */
export const INGEST_TIME_BUDGET_MS = 15 * 60 * 1000;

/** Name of the job that chunks, embeds and stores one document (`POST /v1/documents`). */
export const INGEST_DOCUMENT_JOB = 'ingest-document';

/**
 * How long an `ingest-document` job taken by a process without a vector store (a worker without
 * `DATABASE_URL`) is put back on the queue for, before a process that has one takes it.
 */
export const HAND_BACK_DELAY_MS = 2_000;

/**
 * Most hand-backs of one `ingest-document` job (150 × 2 s: about 5 minutes) before it fails with
 * a message saying that no process with a vector store is taking document jobs.
 */
export const MAX_HAND_BACKS = 150;

/**
 * Options of `ingest-document` jobs: those of `EMBEDDING_JOB_OPTIONS`, but a job carries a whole
 * document (up to 5 million characters), so finished jobs are kept for an hour (at most 1000)
 * and failed ones for a week: the document row keeps the state and the error for good.
 */
export const INGEST_DOCUMENT_JOB_OPTIONS: JobsOptions = {
  ...EMBEDDING_JOB_OPTIONS,
  removeOnComplete: { age: 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
