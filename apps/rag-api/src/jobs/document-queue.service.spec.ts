import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EMBEDDING_JOBS_QUEUE, INGEST_DOCUMENT_JOB, INGEST_DOCUMENT_JOB_OPTIONS } from '@rag/embedding-jobs';
import type { SqlDriver } from '@rag/vector-store';
import { startRedisServer } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import type { RagApiConfig } from '../config/rag-api.config';
import { DocumentQueue } from './document-queue.service';
import type { EmbeddingQueue } from './document-queue.service';

const STORE_ID = '0b6c3a4e-1f2d-4c5b-9a8e-7d6f5e4c3b2a';

describe('DocumentQueue (real redis-server)', () => {
  let redis: TestRedisServer;
  let connection: Redis;
  let shared: EmbeddingQueue;
  const made: DocumentQueue[] = [];

  const documentQueue = (kind: SqlDriver['kind'], jobsInProcess: boolean): DocumentQueue => {
    const queue = new DocumentQueue(shared, STORE_ID, { kind } as SqlDriver, connection, { jobsInProcess } as RagApiConfig);
    made.push(queue);
    return queue;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    shared = new Queue(EMBEDDING_JOBS_QUEUE, { connection });
  });

  afterAll(async () => {
    for (const queue of made) await queue.onModuleDestroy();
    await shared.close();
    connection.disconnect();
    await redis.stop();
  });

  it("on a private store (PGlite, processed here) queues documents under the store's own prefix, with ids that route reads back to it", async () => {
    const queues = documentQueue('pglite', true);
    expect(queues.prefix).toBe(`bull:store-${STORE_ID}`);
    expect(queues.queue).not.toBe(shared);

    const job = await queues.queue.add(INGEST_DOCUMENT_JOB, { collection: 'c', id: 'd', text: 't', metadata: {} }, queues.jobOptions('tok-1'));

    expect(job.id).toBe('doc-tok-1');
    expect(queues.jobOptions('tok-1')).toMatchObject({ ...INGEST_DOCUMENT_JOB_OPTIONS, jobId: 'doc-tok-1' });
    expect(queues.jobIdOf('tok-1')).toBe('doc-tok-1');
    await expect(connection.exists(`bull:store-${STORE_ID}:${EMBEDDING_JOBS_QUEUE}:doc-tok-1`)).resolves.toBe(1);
    // Nothing on the shared queue, which other instances and the workers read.
    await expect(shared.getJob('doc-tok-1')).resolves.toBeUndefined();
    expect(queues.queueOf('doc-tok-1')).toBe(queues.queue);
    await expect(queues.queueOf('doc-tok-1').getJobState('doc-tok-1')).resolves.toBe('waiting');
    expect(queues.queueOf('12')).toBe(shared);
  });

  it.each([
    ['a shared store (PostgreSQL)', 'pg', true],
    ['a PGlite nobody here processes (JOBS_IN_PROCESS=false: ingested inline)', 'pglite', false],
  ] as const)('with %s keeps documents on the shared queue with its options, the job id their random ingest token (not enumerable)', (_, kind, jobsInProcess) => {
    const queues = documentQueue(kind, jobsInProcess);
    expect(queues.prefix).toBeUndefined();
    expect(queues.queue).toBe(shared);
    expect(queues.jobOptions('tok')).toEqual({ ...INGEST_DOCUMENT_JOB_OPTIONS, jobId: 'tok' });
    expect(queues.jobIdOf('tok')).toBe('tok');
    expect(queues.queueOf('doc-tok')).toBe(shared);
  });
});
