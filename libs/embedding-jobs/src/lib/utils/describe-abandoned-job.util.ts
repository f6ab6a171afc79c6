import { MAX_STALLED_COUNT } from '../embedding-jobs.constants';

/**
 * BullMQ's reason for a job whose lock expired more than `maxStalledCount` times. It comes from a
 * Lua script, with no error class or code to test instead of the text.
 */
const BULLMQ_STALLED_REASON = 'job stalled more than allowable limit';

/**
 * The reason recorded on a document whose `ingest-document` job failed outside the ingestion
 * itself, from the job's failure message (`failedReason`): by the worker that saw it fail
 * (`EmbeddingJobsHandler.onFailed`), or later by rag-api's reconciler when nobody recorded it.
 */
export function describeAbandonedJob(failedReason: string): string {
  if (failedReason === BULLMQ_STALLED_REASON) {
    return (
      `ingestion stopped: the process ingesting this document stopped while ingesting it, ${MAX_STALLED_COUNT + 1} times ` +
      '(a crash, a kill or running out of memory); it is not retried again. Post it again to retry'
    );
  }
  return `ingestion stopped: ${failedReason}. Post it again to retry`;
}
