import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

/** Jobs finished by this worker, by outcome. */
export const JOBS_TOTAL = 'embedding_jobs_total';
/** Texts processed by this worker, by outcome (hit, computed, failed). */
export const JOB_TEXTS_TOTAL = 'embedding_job_texts_total';

/** Providers of the job metrics. */
export const jobMetricProviders = [
  makeCounterProvider({ name: JOBS_TOTAL, help: 'Embedding jobs finished by outcome (completed, failed)', labelNames: ['outcome'] }),
  makeCounterProvider({ name: JOB_TEXTS_TOTAL, help: 'Texts of embedding jobs by outcome (hit, computed, failed)', labelNames: ['outcome'] }),
];
