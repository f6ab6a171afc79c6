import { ProviderError } from '@rag/embeddings';
import { VectorStoreError } from '@rag/vector-store';
import { InvalidJobError } from '../invalid-job.error';

/** Provider statuses worth a retry: timeouts, conflicts, rate limits (5xx are retried too). */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 409, 429]);

/**
 * A provider error that will fail again whatever we do (a 4xx other than 408, 409, 429). An
 * answer without status is not: a timeout, a lost connection, or an invalid vector
 * (`InvalidProviderOutputError`), which behind a remote API is often one bad replica or a deploy
 * in progress that the next attempt avoids; the job fails with its reason after its attempts.
 */
export function isPermanentProviderError(error: unknown): boolean {
  return (
    error instanceof ProviderError &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    !RETRYABLE_CLIENT_STATUSES.has(error.status)
  );
}

/**
 * An error a retry cannot fix: invalid job data, a permanent provider rejection, or a vector store
 * error other than a failed query (dimension mismatch, invalid argument). A failed query (the
 * database unreachable, a deadlock) is worth a retry.
 */
export function isPermanentJobError(error: unknown): boolean {
  if (error instanceof InvalidJobError || isPermanentProviderError(error)) return true;
  return error instanceof VectorStoreError && error.code !== 'VECTOR_STORE_QUERY_FAILED';
}
