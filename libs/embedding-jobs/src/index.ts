export {
  EMBEDDING_JOBS_QUEUE,
  EMBED_TEXTS_JOB,
  INGEST_DOCUMENT_JOB,
  HAND_BACK_DELAY_MS,
  MAX_HAND_BACKS,
  MAX_STALLED_COUNT,
  INGEST_TIME_BUDGET_MS,
  MAX_JOB_TEXTS,
  DEFAULT_EMBEDDING_BATCH_SIZE,
  EMBEDDING_JOB_OPTIONS,
  INGEST_DOCUMENT_JOB_OPTIONS,
} from './lib/embedding-jobs.constants';
export { EmbeddingJobRunner } from './lib/embedding-job.runner';
export { DocumentIngestionRunner } from './lib/document-ingestion.runner';
export { EmbeddingJobsHandler } from './lib/embedding-jobs.handler';
export { EmbeddingQueueHealthIndicator } from './lib/embedding-queue.health';
export { EmbeddingQueueMetrics } from './lib/embedding-queue.metrics';
export {
  QUEUE_JOBS_METRIC,
  QUEUE_COUNT_ERRORS_METRIC,
  QUEUE_JOB_STATES,
  QUEUE_COUNT_TIMEOUT_MS,
  QueueJobsSampler,
  createQueueJobsMetrics,
  countQueueJobsOnScrape,
} from './lib/queue-jobs.metrics';
export type { CountableQueue, QueueSource } from './lib/queue-jobs.metrics';
export { JOBS_TOTAL_METRIC, JOBS_TOTAL_OPTIONS, failedAttemptOutcome, initJobsTotal, jobsTotalCounter } from './lib/jobs-total.metric';
export type { JobsTotalLabels } from './lib/jobs-total.metric';
export { jobEventListeners } from './lib/job-event-listeners';
export type { JobEventListeners, JobEventListenersOptions } from './lib/job-event-listeners';
export { InvalidJobError } from './lib/invalid-job.error';
export { IngestionTimeoutError } from './lib/ingestion-timeout.error';
export { isPermanentJobError } from './lib/utils/is-permanent-error.util';
export { bullConnectionFromUrl } from './lib/utils/bull-connection.util';
export { storeQueuePrefix } from './lib/utils/store-queue-prefix.util';
export { setJobFields, JOB_COLLECTION_FIELD, JOB_OWNER_FIELD, JOB_TOTAL_FIELD } from './lib/utils/set-job-fields.util';
export { traceEnqueue } from './lib/utils/trace-job.util';
export { compactJobData } from './lib/utils/compact-job-data.util';
export { describeAbandonedJob } from './lib/utils/describe-abandoned-job.util';
export type { RunOptions } from './lib/embedding-job.runner';
export type { IngestOptions } from './lib/document-ingestion.runner';
export type { EmbeddingQueueJobData, EmbeddingQueueJobResult } from './lib/embedding-jobs.handler';
export type { EmbeddingJobData } from './lib/interfaces/embedding-job-data.interface';
export type { EmbeddingJobSummary } from './lib/interfaces/embedding-job-summary.interface';
export type { IngestDocumentJobData } from './lib/interfaces/ingest-document-job-data.interface';
export type { IngestDocumentSummary } from './lib/interfaces/ingest-document-summary.interface';
