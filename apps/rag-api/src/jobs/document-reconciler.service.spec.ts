import type { VectorStore } from '@rag/vector-store';
import type { RagApiConfig } from '../config/rag-api.config';
import type { DocumentQueue } from './document-queue.service';
import { DocumentReconciler } from './document-reconciler.service';
import type { QueueConnection } from './queue-connection';

const doc = { collection: 'default', id: 'd1', state: 'processing', ingestToken: 'tok' };
const store = { findStaleInFlight: jest.fn(), setDocumentStateIfCurrent: jest.fn() };
const queue = { qualifiedName: 'bull:store-x:embedding-jobs', getJobState: jest.fn(), toKey: (id: string) => `bull:store-x:embedding-jobs:${id}` };
const client = { set: jest.fn(), hmget: jest.fn() };
const connection = { available: () => true, call: (_budget: number, fn: (c: typeof client) => Promise<unknown>) => fn(client) };

function reconciler(): DocumentReconciler {
  return new DocumentReconciler(
    store as unknown as VectorStore,
    { private: queue } as unknown as DocumentQueue,
    connection as unknown as QueueConnection,
    { documentStuckAfterMs: 4_000 } as RagApiConfig,
  );
}

describe('DocumentReconciler', () => {
  beforeEach(() => {
    store.findStaleInFlight.mockReset().mockResolvedValue([doc]);
    store.setDocumentStateIfCurrent.mockReset().mockResolvedValue({ ...doc, state: 'failed' });
    queue.getJobState.mockReset();
    client.set.mockReset().mockResolvedValue('OK');
    client.hmget.mockReset().mockResolvedValue([null]);
  });

  it('marks a document whose job is gone failed, with the reason, under its ingest token', async () => {
    queue.getJobState.mockResolvedValue('unknown');

    await expect(reconciler().pass()).resolves.toBe(1);

    expect(store.findStaleInFlight).toHaveBeenCalledWith(expect.any(Date), 100);
    expect(queue.getJobState).toHaveBeenCalledWith('doc-tok');
    expect(store.setDocumentStateIfCurrent).toHaveBeenCalledWith(
      { collection: 'default', id: 'd1', state: 'failed', error: expect.stringContaining('interrupted and its job is gone') },
      'tok',
    );
  });

  it("marks a document whose job failed unrecorded failed with the job's reason", async () => {
    queue.getJobState.mockResolvedValue('failed');
    client.hmget.mockResolvedValue(['provider said no']);

    await reconciler().pass();

    expect(store.setDocumentStateIfCurrent).toHaveBeenCalledWith(expect.objectContaining({ error: 'ingestion failed: provider said no' }), 'tok');
  });

  it.each(['waiting', 'delayed', 'active'])('leaves a document whose job is %s alone', async (state) => {
    queue.getJobState.mockResolvedValue(state);

    await expect(reconciler().pass()).resolves.toBe(0);

    expect(store.setDocumentStateIfCurrent).not.toHaveBeenCalled();
  });

  it('leaves a document another process holds the lock of alone', async () => {
    client.set.mockResolvedValue(null);

    await expect(reconciler().pass()).resolves.toBe(0);

    expect(queue.getJobState).not.toHaveBeenCalled();
    expect(store.setDocumentStateIfCurrent).not.toHaveBeenCalled();
  });

  it('polls at a quarter of the bound, between 250 ms and a minute', () => {
    expect(reconciler().intervalMs).toBe(1_000);
  });
});
