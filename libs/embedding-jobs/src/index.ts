export {
  EMBEDDING_JOBS_QUEUE,
  EMBED_TEXTS_JOB,
  MAX_JOB_TEXTS,
  DEFAULT_EMBEDDING_BATCH_SIZE,
  EMBEDDING_JOB_OPTIONS,
} from './lib/embedding-jobs.constants';
export { EmbeddingJobRunner } from './lib/embedding-job.runner';
export { InvalidJobError } from './lib/invalid-job.error';
export { bullConnectionFromUrl } from './lib/utils/bull-connection.util';
export type { RunOptions } from './lib/embedding-job.runner';
export type { EmbeddingJobData } from './lib/interfaces/embedding-job-data.interface';
export type { EmbeddingJobSummary } from './lib/interfaces/embedding-job-summary.interface';
