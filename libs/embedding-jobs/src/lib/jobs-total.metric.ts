import { Counter } from 'prom-client';
import { globalMetric } from '@rag/config-kit';
import type { Job } from 'bullmq';
import { EMBED_TEXTS_JOB, INGEST_DOCUMENT_JOB } from './embedding-jobs.constants';

/** Counter of job attempts finished by a process, by job name and outcome. */
export const JOBS_TOTAL_METRIC = 'embedding_jobs_total';

/** Options of `embedding_jobs_total` (for `makeCounterProvider`), shared by the worker and rag-api's in-process jobs. */
export const JOBS_TOTAL_OPTIONS = {
  name: JOBS_TOTAL_METRIC,
  help: 'Embedding job attempts finished by job name and outcome (completed; failed: for good, after its last attempt; retried: another attempt follows)',
  labelNames: ['outcome', 'name'] as const,
};

/** `embedding_jobs_total`'s labels. */
export type JobsTotalLabels = 'outcome' | 'name';

/** Job names known in advance, whose series start at 0. */
const KNOWN_JOBS = [EMBED_TEXTS_JOB, INGEST_DOCUMENT_JOB];

/**
 * The outcome of a failed attempt: `failed` when the job failed for good (BullMQ sets `finishedOn`
 * only then; also when the job is unknown), `retried` when another attempt follows. BullMQ's
 * `failed` event fires on every attempt, so counting it as is would count a job retried twice
 * three times.
 */
export function failedAttemptOutcome(job: Pick<Job, 'finishedOn'> | undefined): 'failed' | 'retried' {
  return job === undefined || job.finishedOn ? 'failed' : 'retried';
}

/** Starts the series of the known jobs at 0, so `increase()` sees their first event after a restart. */
export function initJobsTotal(counter: Counter<JobsTotalLabels>): void {
  for (const name of KNOWN_JOBS) for (const outcome of ['completed', 'failed', 'retried']) counter.inc({ outcome, name }, 0);
}

/**
 * `embedding_jobs_total` on prom-client's global registry (the apps' `/metrics`), the one
 * `makeCounterProvider(JOBS_TOTAL_OPTIONS)` registers when it exists, for code outside Nest's
 * injection (rag-api's in-process BullMQ Workers).
 */
export function jobsTotalCounter(): Counter<JobsTotalLabels> {
  return globalMetric(JOBS_TOTAL_METRIC, () => new Counter({ ...JOBS_TOTAL_OPTIONS, labelNames: [...JOBS_TOTAL_OPTIONS.labelNames] }));
}
