import { makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { JOBS_TOTAL_METRIC, JOBS_TOTAL_OPTIONS } from '@rag/embedding-jobs';

/** Job attempts finished by this worker, by job name and outcome (shared with rag-api's in-process jobs). */
export const JOBS_TOTAL = JOBS_TOTAL_METRIC;
/** Texts processed by this worker, by outcome (hit, computed, failed). */
export const JOB_TEXTS_TOTAL = 'embedding_job_texts_total';

/** Providers of the job metrics. */
export const jobMetricProviders = [
  makeCounterProvider({ ...JOBS_TOTAL_OPTIONS, labelNames: [...JOBS_TOTAL_OPTIONS.labelNames] }),
  makeCounterProvider({ name: JOB_TEXTS_TOTAL, help: 'Texts of embedding jobs by outcome (hit, computed, failed)', labelNames: ['outcome'] }),
];
