import * as api from './index';

describe('@rag/embedding-jobs public entry', () => {
  it.each([
    'EMBEDDING_JOBS_QUEUE',
    'EMBED_TEXTS_JOB',
    'MAX_JOB_TEXTS',
    'DEFAULT_EMBEDDING_BATCH_SIZE',
    'EMBEDDING_JOB_OPTIONS',
    'INGEST_DOCUMENT_JOB',
    'HAND_BACK_DELAY_MS',
    'MAX_STALLED_COUNT',
    'INGEST_TIME_BUDGET_MS',
    'IngestionTimeoutError',
    'EmbeddingJobRunner',
    'DocumentIngestionRunner',
    'EmbeddingJobsHandler',
    'EmbeddingQueueHealthIndicator',
    'isPermanentJobError',
    'InvalidJobError',
    'bullConnectionFromUrl',
    'storeQueuePrefix',
    'setJobFields',
    'JOB_OWNER_FIELD',
    'JOB_COLLECTION_FIELD',
    'JOB_TOTAL_FIELD',
    'traceEnqueue',
    'compactJobData',
    'jobEventListeners',
  ])('exports %s', (name) => {
    expect((api as Record<string, unknown>)[name]).toBeDefined();
  });

  it('uses the queue name of the contract and 3 attempts with exponential backoff', () => {
    expect(api.EMBEDDING_JOBS_QUEUE).toBe('embedding-jobs');
    expect(api.EMBEDDING_JOB_OPTIONS).toMatchObject({ attempts: 3, backoff: { type: 'exponential' }, removeOnFail: false });
  });
});
