import { InvalidProviderOutputError, ProviderError } from '@rag/embeddings';
import { VectorStoreError } from '@rag/vector-store';
import { IngestionTimeoutError } from '../ingestion-timeout.error';
import { InvalidJobError } from '../invalid-job.error';

/** Vector store errors whose message is written for the client (what to change), not about the database. */
const CLIENT_STORE_ERRORS = new Set(['VECTOR_STORE_DIMENSION_MISMATCH', 'VECTOR_STORE_INVALID_ARGUMENT']);

/**
 * Why a job or a document failed, as clients may read it (a job's `failedReason`, a document's
 * `error`): the provider's status but never its body (which can name its hosts or upstreams), no
 * SQL states or database names, no Redis hosts. The full error goes to the processing logs.
 */
export function describeJobFailure(error: unknown): string {
  if (error instanceof InvalidProviderOutputError) return 'the embedding provider returned an invalid vector';
  if (error instanceof ProviderError) {
    return error.status ? `the embedding provider failed with HTTP ${error.status}` : 'the embedding provider could not be reached or gave no answer';
  }
  if (error instanceof VectorStoreError) {
    return CLIENT_STORE_ERRORS.has(error.code) ? error.message : 'the vector store failed to store the document';
  }
  if (error instanceof InvalidJobError || error instanceof IngestionTimeoutError) return error.message;
  return 'the job failed unexpectedly (details in the processing logs)';
}
