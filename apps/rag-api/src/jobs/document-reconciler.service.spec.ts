import { Logger } from '@nestjs/common';
import { register } from 'prom-client';
import type { VectorStore } from '@rag/vector-store';
import type { RagApiConfig } from '../config/rag-api.config';
import type { DocumentQueue } from './document-queue.service';
import { DocumentReconciler, decideStaleDocument } from './document-reconciler.service';
import type { QueueConnection } from './queue-connection';
import { DOCUMENTS_STALE_IN_FLIGHT, DOCUMENTS_STUCK_FAILED } from './reconciler.metrics';

const doc = { collection: 'default', id: 'd1', state: 'processing', ingestToken: 'tok' };
const store = { findStaleInFlight: jest.fn(), failStaleDocument: jest.fn() };
const queue = { qualifiedName: 'bull:embedding-jobs', getJobState: jest.fn(), toKey: (id: string) => `bull:embedding-jobs:${id}` };
const client = { set: jest.fn(), hmget: jest.fn() };
const connection = { available: jest.fn(), call: (_budget: number, fn: (c: typeof client) => Promise<unknown>) => fn(client) };

/** A reconciler on the shared store (`jobIdOf(token)` = the token) or on a private PGlite's queue (`doc-<token>`). */
function reconciler(jobIdOf: (token: string) => string = (token) => token): DocumentReconciler {
  return new DocumentReconciler(
    store as unknown as VectorStore,
    { queue, jobIdOf } as unknown as DocumentQueue,
    connection as unknown as QueueConnection,
    { documentStuckAfterMs: 4_000 } as RagApiConfig,
  );
}

describe('decideStaleDocument (the state table)', () => {
  it.each(['waiting', 'prioritized', 'waiting-children', 'delayed', 'active'])('leaves a document whose job is %s alone', (state) => {
    expect(decideStaleDocument(state, null, 4_000)).toMatchObject({ action: 'leave' });
  });

  it('fails a document whose job is gone, saying so and what to do', () => {
    expect(decideStaleDocument('unknown', null, 4_000)).toEqual({
      action: 'fail',
      reason: expect.stringMatching(/^ingestion was interrupted and its job is gone \(no "embedding-jobs" job for it after 4000 ms: .*\); post it again$/),
    });
  });

  it("fails a document whose job failed unrecorded with the job's reason; a job stalled twice says its process stopped twice", () => {
    expect(decideStaleDocument('failed', 'provider said no', 4_000)).toEqual({ action: 'fail', reason: 'ingestion stopped: provider said no. Post it again to retry' });
    expect(decideStaleDocument('failed', 'job stalled more than allowable limit', 4_000)).toEqual({
      action: 'fail',
      reason: expect.stringMatching(/^ingestion stopped: the process ingesting this document stopped while ingesting it, 2 times .*Post it again to retry$/),
    });
    expect(decideStaleDocument('failed', null, 4_000)).toMatchObject({ action: 'fail', reason: expect.stringContaining('no reason recorded') });
  });

  it('fails a document whose job completed without it changing', () => {
    expect(decideStaleDocument('completed', null, 4_000)).toEqual({ action: 'fail', reason: expect.stringMatching(/completed but the document did not change\); post it again$/) });
  });
});

describe('DocumentReconciler', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  beforeEach(() => {
    store.findStaleInFlight.mockReset().mockResolvedValue([doc]);
    store.failStaleDocument.mockReset().mockResolvedValue({ ...doc, state: 'failed' });
    queue.getJobState.mockReset().mockResolvedValue('unknown');
    client.set.mockReset().mockResolvedValue('OK');
    client.hmget.mockReset().mockResolvedValue([null]);
    connection.available.mockReset().mockReturnValue(true);
  });

  it("reads the shared queue's job (id = the ingest token) and marks the document failed only if unchanged since the bound", async () => {
    await expect(reconciler().pass()).resolves.toBe(1);

    expect(store.findStaleInFlight).toHaveBeenCalledWith(expect.any(Date), 100, undefined);
    const [updatedBefore] = store.findStaleInFlight.mock.calls[0] as [Date];
    expect(queue.getJobState).toHaveBeenCalledWith('tok');
    expect(client.set).toHaveBeenCalledWith('bull:embedding-jobs:reconcile:tok', '1', 'PX', 5_000, 'NX');
    expect(store.failStaleDocument).toHaveBeenCalledWith(doc, 'tok', updatedBefore, expect.stringContaining('interrupted and its job is gone'));
  });

  it("reads a private store's job under its prefixed id", async () => {
    await reconciler((token) => `doc-${token}`).pass();

    expect(queue.getJobState).toHaveBeenCalledWith('doc-tok');
  });

  it("gives a failed job's reason", async () => {
    queue.getJobState.mockResolvedValue('failed');
    client.hmget.mockResolvedValue(['provider said no']);

    await reconciler().pass();

    expect(client.hmget).toHaveBeenCalledWith('bull:embedding-jobs:tok', 'failedReason');
    expect(store.failStaleDocument).toHaveBeenCalledWith(doc, 'tok', expect.any(Date), 'ingestion stopped: provider said no. Post it again to retry');
  });

  it('writes nothing for a job that moves', async () => {
    queue.getJobState.mockResolvedValue('waiting');

    await expect(reconciler().pass()).resolves.toBe(0);

    expect(store.failStaleDocument).not.toHaveBeenCalled();
  });

  it('counts nothing when the conditional write found the document changed (another replica, or its worker, was first)', async () => {
    store.failStaleDocument.mockResolvedValue(null);

    await expect(reconciler().pass()).resolves.toBe(0);
  });

  it('leaves a document another process holds the lock of alone', async () => {
    client.set.mockResolvedValue(null);

    await expect(reconciler().pass()).resolves.toBe(0);

    expect(queue.getJobState).not.toHaveBeenCalled();
    expect(store.failStaleDocument).not.toHaveBeenCalled();
  });

  it('skips the pass while the queue Redis is unreachable: an unreadable job is not a job gone', async () => {
    connection.available.mockReturnValue(false);

    await expect(reconciler().pass()).resolves.toBe(0);

    expect(store.findStaleInFlight).not.toHaveBeenCalled();
  });

  it('pages through every stale document, each page after the last key of the previous one', async () => {
    const page = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ ...doc, id: `d${from + i}`, ingestToken: `t${from + i}` }));
    const first = page(0, 100);
    store.findStaleInFlight.mockResolvedValueOnce(first).mockResolvedValueOnce(page(100, 3));

    await expect(reconciler().pass()).resolves.toBe(103);

    expect(store.findStaleInFlight).toHaveBeenCalledTimes(2);
    expect(store.findStaleInFlight.mock.calls[1][2]).toBe(first[99]);
  });

  it('counts the documents it marked failed by their job state, and the stale ones its last complete pass saw', async () => {
    const subject = reconciler();
    queue.getJobState.mockResolvedValueOnce('failed').mockResolvedValueOnce('waiting').mockResolvedValueOnce('unknown');
    store.findStaleInFlight.mockResolvedValueOnce([doc, { ...doc, id: 'd2' }, { ...doc, id: 'd3' }]);
    const metrics = async () => {
      const failed = await register.getSingleMetric(DOCUMENTS_STUCK_FAILED)!.get();
      const stale = await register.getSingleMetric(DOCUMENTS_STALE_IN_FLIGHT)!.get();
      return { failed: Object.fromEntries(failed.values.map((v) => [v.labels.job_state, v.value])), stale: stale.values[0]?.value };
    };

    const before = await metrics();
    await expect(subject.pass()).resolves.toBe(2);
    const after = await metrics();

    const added = Object.fromEntries(Object.entries(after.failed).map(([state, value]) => [state, value - (before.failed[state] ?? 0)]));
    expect({ failed: added, stale: after.stale }).toEqual({ failed: { failed: 1, completed: 0, gone: 1 }, stale: 3 });
  });

  it('polls at a quarter of the bound, between 250 ms and a minute', () => {
    expect(reconciler().intervalMs).toBe(1_000);
  });
});
