import { Logger } from '@nestjs/common';
import { DelayedError, UnrecoverableError } from 'bullmq';
import type { Job } from 'bullmq';
import { InvalidProviderOutputError, ProviderError } from '@rag/embeddings';
import type { DocumentIngestionRunner } from './document-ingestion.runner';
import type { EmbeddingJobRunner } from './embedding-job.runner';
import { HAND_BACK_DELAY_MS, MAX_HAND_BACKS } from './embedding-jobs.constants';
import { EmbeddingJobsHandler } from './embedding-jobs.handler';
import type { EmbeddingQueueJobData } from './embedding-jobs.handler';
import { InvalidJobError } from './invalid-job.error';

const texts = { run: jest.fn() };
const documents = { run: jest.fn(), failAbandoned: jest.fn() };

function fakeJob(
  name: string,
  attemptsMade = 0,
  data: Record<string, unknown> = {},
): Job<EmbeddingQueueJobData> & { moveToDelayed: jest.Mock; updateProgress: jest.Mock; updateData: jest.Mock } {
  return { name, data, attemptsMade, opts: { attempts: 3 }, moveToDelayed: jest.fn(), updateProgress: jest.fn(), updateData: jest.fn() } as never;
}

describe('EmbeddingJobsHandler', () => {
  beforeEach(() => {
    texts.run.mockReset().mockResolvedValue({ total: 1, hits: 0, computed: 1, failed: 0 });
    documents.run.mockReset().mockResolvedValue({ outcome: 'ingested' });
    documents.failAbandoned.mockReset().mockResolvedValue(true);
  });

  const handler = (withDocuments = true) =>
    new EmbeddingJobsHandler(texts as unknown as EmbeddingJobRunner, withDocuments ? (documents as unknown as DocumentIngestionRunner) : undefined);

  it('runs embed-texts jobs with the batch size and reports progress on the job', async () => {
    const job = fakeJob('embed-texts');
    await expect(handler().handle(job, 'tok', 64)).resolves.toMatchObject({ total: 1 });
    const options = texts.run.mock.calls[0][1];
    expect(options.batchSize).toBe(64);
    await options.onProgress(50);
    expect(job.updateProgress).toHaveBeenCalledWith(50);
  });

  it("reports a document job's chunk count with its progress once the text is cut, never before", async () => {
    const job = fakeJob('ingest-document');
    await handler().handle(job, 'tok', 8);
    const options = documents.run.mock.calls[0][1];
    await options.onProgress(10);
    expect(job.updateProgress).toHaveBeenLastCalledWith(10);
    await options.onTotal(40);
    expect(job.updateProgress).toHaveBeenLastCalledWith({ percent: 0, total: 40 });
    await options.onProgress(50);
    expect(job.updateProgress).toHaveBeenLastCalledWith({ percent: 50, total: 40 });
  });

  it('drops a completed job\'s payload, keeping who it was for and its size', async () => {
    const texts = fakeJob('embed-texts', 0, { model: 'm', texts: ['a', 'b', 'c'] });
    const document = fakeJob('ingest-document', 0, { collection: 'c', id: 'd', text: 'x'.repeat(5_000), metadata: {}, token: 't', storeId: 's' });

    await handler().onCompleted(texts);
    await handler().onCompleted(document);

    expect(texts.updateData).toHaveBeenCalledWith({ model: 'm', payloadDropped: true, textCount: 3 });
    expect(document.updateData).toHaveBeenCalledWith({ collection: 'c', id: 'd', metadata: {}, token: 't', storeId: 's', payloadDropped: true, textLength: 5_000 });
  });

  it('never throws when the completed job is already gone', async () => {
    const job = fakeJob('embed-texts', 0, { texts: ['a'] });
    job.updateData.mockRejectedValue(new Error('Missing key for job 1. updateData'));
    await expect(handler().onCompleted(job)).resolves.toBeUndefined();
  });

  it.each([
    [0, false],
    [1, false],
    [2, true],
  ])('runs ingest-document jobs; after %d failed attempts of 3 the run is final: %s', async (attemptsMade, finalAttempt) => {
    await handler().handle(fakeJob('ingest-document', attemptsMade), 'tok', 8);
    expect(documents.run.mock.calls[0][1]).toMatchObject({ batchSize: 8, finalAttempt });
  });

  it('without a vector store, hands ingest-document jobs back to the queue (delayed) instead of failing them', async () => {
    const job = fakeJob('ingest-document');
    const before = Date.now();
    await expect(handler(false).handle(job, 'tok', 8)).rejects.toThrow(DelayedError);
    expect(job.moveToDelayed).toHaveBeenCalledWith(expect.any(Number), 'tok');
    expect(job.updateData).toHaveBeenCalledWith({ handBacks: 1 });
    expect(job.moveToDelayed.mock.calls[0][0]).toBeGreaterThanOrEqual(before + HAND_BACK_DELAY_MS);
    expect(documents.run).not.toHaveBeenCalled();
    expect(handler(false).ingestsDocuments).toBe(false);
  });

  it('fails a document job for good once it has been handed back MAX_HAND_BACKS times, saying why', async () => {
    const job = fakeJob('ingest-document', 0, { handBacks: MAX_HAND_BACKS });
    await expect(handler(false).handle(job, 'tok', 8)).rejects.toThrow(UnrecoverableError);
    await expect(handler(false).handle(job, 'tok', 8)).rejects.toThrow(/DATABASE_URL/);
    expect(job.moveToDelayed).not.toHaveBeenCalled();
  });

  describe('with store ids (processes of different vector stores on one queue)', () => {
    const MINE = '11111111-1111-4111-8111-111111111111';
    const OTHER = '22222222-2222-4222-8222-222222222222';
    const ofStore = (storeId?: string) =>
      new EmbeddingJobsHandler(texts as unknown as EmbeddingJobRunner, documents as unknown as DocumentIngestionRunner, storeId);
    let warn: jest.SpyInstance;

    beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
    afterEach(() => warn.mockRestore());

    it("runs a document job of this process's store, and one queued before store ids existed", async () => {
      await ofStore(MINE).handle(fakeJob('ingest-document', 0, { storeId: MINE }), 'tok', 8);
      await ofStore(MINE).handle(fakeJob('ingest-document', 0, {}), 'tok', 8);
      expect(documents.run).toHaveBeenCalledTimes(2);
      expect(warn).not.toHaveBeenCalled();
    });

    it("hands a document job of another store back instead of running it, warning once per store with the cause and the fix", async () => {
      const handler = ofStore(MINE);
      const job = fakeJob('ingest-document', 0, { storeId: OTHER });
      await expect(handler.handle(job, 'tok', 8)).rejects.toThrow(DelayedError);
      await expect(handler.handle(fakeJob('ingest-document', 0, { storeId: OTHER }), 'tok', 8)).rejects.toThrow(DelayedError);
      expect(documents.run).not.toHaveBeenCalled();
      expect(job.updateData).toHaveBeenCalledWith({ storeId: OTHER, handBacks: 1 });
      expect(job.moveToDelayed).toHaveBeenCalledWith(expect.any(Number), 'tok');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toContain(`belongs to vector store ${OTHER}, not to this process's (${MINE})`);
      expect(warn.mock.calls[0][0]).toMatch(/share this job queue \(REDIS_URL\).*its own queue Redis/);
    });

    it('fails it for good after MAX_HAND_BACKS, naming its store, and leaves the document of another store alone', async () => {
      const job = fakeJob('ingest-document', 0, { storeId: OTHER, handBacks: MAX_HAND_BACKS });
      await expect(ofStore(MINE).handle(job, 'tok', 8)).rejects.toThrow(new RegExp(`no process of vector store ${OTHER} took`));
      await ofStore(MINE).onFailed({ ...job, id: '9', finishedOn: Date.now() } as Job<EmbeddingQueueJobData>, new Error('final'));
      expect(documents.failAbandoned).not.toHaveBeenCalled();
    });

    it('runs embed-texts jobs whatever the store', async () => {
      await ofStore(MINE).handle(fakeJob('embed-texts', 0, { storeId: OTHER }), 'tok', 8);
      expect(texts.run).toHaveBeenCalledTimes(1);
    });
  });

  it('turns errors no retry can fix into UnrecoverableError, and lets transient ones through', async () => {
    await expect(handler().handle(fakeJob('something-else'), 'tok', 8)).rejects.toThrow(UnrecoverableError);
    texts.run.mockRejectedValueOnce(new InvalidJobError('texts must be an array'));
    await expect(handler().handle(fakeJob('embed-texts'), 'tok', 8)).rejects.toThrow(UnrecoverableError);
    documents.run.mockRejectedValueOnce(new ProviderError('m', 401, 'bad key at auth.internal'));
    await expect(handler().handle(fakeJob('ingest-document'), 'tok', 8)).rejects.toThrow(new UnrecoverableError('the embedding provider failed with HTTP 401'));
    // Transient errors are rethrown (BullMQ retries) with the summary as their message: it becomes the job's failedReason.
    const transient = new ProviderError('m', 503, 'busy at db-primary.internal:5432');
    documents.run.mockRejectedValueOnce(transient);
    const rethrown = await handler().handle(fakeJob('ingest-document'), 'tok', 8).catch((error: Error) => error);
    expect(rethrown).not.toBeInstanceOf(UnrecoverableError);
    expect(rethrown).toMatchObject({ message: 'the embedding provider failed with HTTP 503', cause: transient });
    // An invalid vector is retried like any answer without status (see README, "Running N workers").
    const invalid = new InvalidProviderOutputError('m', 'vector 0 holds NaN at element 3');
    texts.run.mockRejectedValueOnce(invalid);
    await expect(handler().handle(fakeJob('embed-texts'), 'tok', 8)).rejects.toMatchObject({ message: 'the embedding provider returned an invalid vector', cause: invalid });
  });

  describe('onFailed', () => {
    const failedJob = (name: string, finishedOn?: number) =>
      ({ ...fakeJob(name, 1, { collection: 'c', id: 'doc', token: 't1' }), id: '7', finishedOn }) as Job<EmbeddingQueueJobData>;

    it('marks the document of an ingest job failed for good by a stall, saying its process stopped twice', async () => {
      await handler().onFailed(failedJob('ingest-document', Date.now()), new Error('job stalled more than allowable limit'));
      expect(documents.failAbandoned).toHaveBeenCalledWith(
        { collection: 'c', id: 'doc', token: 't1' },
        expect.stringMatching(/^ingestion stopped: the process ingesting this document stopped while ingesting it, 2 times \(a crash, a kill or running out of memory\)/),
      );
    });

    it('records any other final failure outside the ingestion with its message', async () => {
      await handler().onFailed(failedJob('ingest-document', Date.now()), new Error('no process with a vector store took it'));
      expect(documents.failAbandoned).toHaveBeenCalledWith(expect.anything(), 'ingestion stopped: no process with a vector store took it. Post it again to retry');
    });

    it('leaves documents alone while a retry follows, for other jobs, and without a vector store', async () => {
      await handler().onFailed(failedJob('ingest-document', undefined), new Error('transient'));
      await handler().onFailed(failedJob('embed-texts', Date.now()), new Error('final'));
      await handler(false).onFailed(failedJob('ingest-document', Date.now()), new Error('final'));
      await handler().onFailed(undefined, new Error('no job'));
      expect(documents.failAbandoned).not.toHaveBeenCalled();
    });

    it('never throws when the store cannot record the failure', async () => {
      documents.failAbandoned.mockRejectedValueOnce(new Error('database down'));
      await expect(handler().onFailed(failedJob('ingest-document', Date.now()), new Error('final'))).resolves.toBeUndefined();
    });
  });
});
