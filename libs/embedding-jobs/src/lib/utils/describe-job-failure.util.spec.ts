import { DeadlineExceededError } from '@rag/config-kit';
import { InvalidProviderOutputError, ProviderError } from '@rag/embeddings';
import { VectorStoreError } from '@rag/vector-store';
import { IngestionTimeoutError } from '../ingestion-timeout.error';
import { InvalidJobError } from '../invalid-job.error';
import { describeJobFailure } from './describe-job-failure.util';

describe('describeJobFailure', () => {
  it('says a provider failed with its status, never its body (which can name its hosts)', () => {
    const reason = describeJobFailure(new ProviderError('m', 500, 'internal failure at db-primary.internal:5432'));
    expect(reason).toBe('the embedding provider failed with HTTP 500');
    expect(describeJobFailure(new ProviderError('m', undefined, 'connect ECONNREFUSED 10.0.0.7:8080'))).toBe('the embedding provider could not be reached or gave no answer');
    expect(describeJobFailure(new InvalidProviderOutputError('m', 'vector 3 holds NaN'))).toBe('the embedding provider returned an invalid vector');
  });

  it('summarises a failed query (SQL states, database names) and anything unexpected', () => {
    const query = Object.assign(Object.create(VectorStoreError.prototype) as VectorStoreError, { code: 'VECTOR_STORE_QUERY_FAILED', message: 'SQLSTATE 22P02 at db.internal' });
    expect(describeJobFailure(query)).toBe('the vector store failed to store the document');
    expect(describeJobFailure(new Error('getaddrinfo ENOTFOUND redis-cache.prod.internal'))).toBe('the job failed unexpectedly (details in the processing logs)');
    expect(describeJobFailure(new DeadlineExceededError(2000))).toBe('the job failed unexpectedly (details in the processing logs)');
  });

  it('keeps the messages written for clients: invalid jobs and ingestion timeouts', () => {
    expect(describeJobFailure(new InvalidJobError('texts must be an array'))).toBe('texts must be an array');
    const timeout = new IngestionTimeoutError(1000, 1, 2);
    expect(describeJobFailure(timeout)).toBe(timeout.message);
  });
});
