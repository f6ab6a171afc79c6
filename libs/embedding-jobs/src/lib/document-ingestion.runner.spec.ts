import { Test } from '@nestjs/testing';
import { CachedEmbedder, EMBEDDING_CACHE_MODEL, EmbeddingProviderMetrics } from '@rag/cached-embeddings';
import { InMemoryEmbeddingCache } from '@rag/cached-embeddings/testing';
import { EmbeddingCacheService } from '@rag/embedding-cache';
import { EMBEDDING_PROVIDER, LocalEmbeddingProvider, ProviderError } from '@rag/embeddings';
import { CountingEmbeddingProvider } from '@rag/embeddings/testing';
import { DimensionMismatchError, VectorStore, chunkText, computeContentHash } from '@rag/vector-store';
import { DocumentIngestionRunner } from './document-ingestion.runner';
import { IngestionTimeoutError } from './ingestion-timeout.error';
import { InvalidJobError } from './invalid-job.error';

const chunking = { chunkSize: 40, chunkOverlap: 0 };
const local = new LocalEmbeddingProvider();
const store = {
  chunking,
  getDocument: jest.fn(),
  setDocumentState: jest.fn(),
  upsertDocument: jest.fn(),
  setDocumentStateIfCurrent: jest.fn(),
  upsertDocumentIfCurrent: jest.fn(),
};
const TEXT = 'First sentence of the text. Second sentence is here. Third one closes it.';
const job = { collection: 'c', id: 'doc', text: TEXT, metadata: { topic: 't' } };
const record = (contentHash: string | null, chunkCount = 0, ingestToken: string | null = null) => ({
  collection: 'c',
  id: 'doc',
  contentHash,
  chunkCount,
  state: 'ready',
  ingestToken,
});

describe('DocumentIngestionRunner', () => {
  let runner: DocumentIngestionRunner;
  let cache: InMemoryEmbeddingCache;
  let provider: CountingEmbeddingProvider;

  beforeEach(async () => {
    cache = new InMemoryEmbeddingCache();
    provider = new CountingEmbeddingProvider();
    for (const fn of [
      store.getDocument,
      store.setDocumentState,
      store.upsertDocument,
      store.setDocumentStateIfCurrent,
      store.upsertDocumentIfCurrent,
    ]) {
      fn.mockReset();
    }
    store.setDocumentState.mockResolvedValue(record(null));
    store.setDocumentStateIfCurrent.mockResolvedValue(record(null));
    store.upsertDocument.mockImplementation(async (input: { chunks: unknown[] }) => ({ chunkCount: input.chunks.length }));
    // The real CachedEmbedder over a cache that really computes its misses: the stored chunks must
    // carry the provider's vector of each of their texts.
    const moduleRef = await Test.createTestingModule({
      providers: [
        DocumentIngestionRunner,
        CachedEmbedder,
        EmbeddingProviderMetrics,
        { provide: EmbeddingCacheService, useValue: cache },
        { provide: EMBEDDING_PROVIDER, useValue: provider },
        { provide: EMBEDDING_CACHE_MODEL, useValue: 'm' },
        { provide: VectorStore, useValue: store },
      ],
    }).compile();
    runner = moduleRef.get(DocumentIngestionRunner);
  });

  it('chunks, embeds the chunks in batches through the cache, and replaces the chunks with the content hash', async () => {
    store.getDocument.mockResolvedValue(record(null));
    const progress: number[] = [];
    const summary = await runner.run(job, { batchSize: 2, finalAttempt: false, onProgress: (p) => void progress.push(p) });
    const chunks = chunkText(TEXT, chunking);
    expect(chunks.length).toBeGreaterThan(2);
    expect(cache.calls.flatMap((call) => call.texts)).toEqual(chunks);
    expect(cache.calls.every((call) => call.model === 'm' && call.texts.length <= 2)).toBe(true);
    expect(provider.calls.flat()).toEqual(chunks);
    expect(progress[progress.length - 1]).toBe(100);
    expect(store.setDocumentState).toHaveBeenCalledWith({ collection: 'c', id: 'doc', state: 'processing' });
    expect(store.upsertDocument).toHaveBeenCalledWith({
      collection: 'c',
      id: 'doc',
      contentHash: computeContentHash(TEXT, { ...chunking, model: 'm' }),
      metadata: { topic: 't' },
      chunks: chunks.map((text) => ({ text, embedding: local.embedSync(text) })),
    });
    expect(summary).toMatchObject({ outcome: 'ingested', collection: 'c', documentId: 'doc', chunks: chunks.length, hits: 0, computed: chunks.length });
  });

  it('an unchanged document (same hash) makes no embedding call and only refreshes state and metadata', async () => {
    store.getDocument.mockResolvedValue(record(computeContentHash(TEXT, { ...chunking, model: 'm' }), 3));
    await expect(runner.run(job, { batchSize: 2, finalAttempt: false })).resolves.toEqual({
      outcome: 'unchanged',
      collection: 'c',
      documentId: 'doc',
      chunks: 3,
      hits: 0,
      computed: 0,
    });
    expect(cache.calls).toEqual([]);
    expect(provider.callCount).toBe(0);
    expect(store.upsertDocument).not.toHaveBeenCalled();
    expect(store.setDocumentState).toHaveBeenCalledWith({ collection: 'c', id: 'doc', state: 'ready', metadata: { topic: 't' } });
  });

  it('a document deleted while its job waited is left deleted', async () => {
    store.getDocument.mockResolvedValue(null);
    await expect(runner.run(job, { batchSize: 2, finalAttempt: false })).resolves.toMatchObject({ outcome: 'deleted', chunks: 0 });
    expect(store.setDocumentState).not.toHaveBeenCalled();
  });

  it('a transient failure leaves the document processing for the retry; on the final attempt it is marked failed', async () => {
    store.getDocument.mockResolvedValue(record(null));
    provider.failNext(new ProviderError('m', 503, 'busy'), 2);
    await expect(runner.run(job, { batchSize: 2, finalAttempt: false })).rejects.toThrow(ProviderError);
    expect(store.setDocumentState).not.toHaveBeenCalledWith(expect.objectContaining({ state: 'failed' }));
    await expect(runner.run(job, { batchSize: 2, finalAttempt: true })).rejects.toThrow(ProviderError);
    // The provider's own text (`busy`) can name its hosts: the document shows the status only.
    expect(store.setDocumentState).toHaveBeenCalledWith({ collection: 'c', id: 'doc', state: 'failed', error: 'the embedding provider failed with HTTP 503' });
  });

  it('a permanent failure (dimension mismatch) marks the document failed at once', async () => {
    store.getDocument.mockResolvedValue(record(null));
    store.upsertDocument.mockRejectedValue(new DimensionMismatchError('c', 3, 2, 'upsert'));
    await expect(runner.run(job, { batchSize: 2, finalAttempt: false })).rejects.toThrow(DimensionMismatchError);
    expect(store.setDocumentState).toHaveBeenCalledWith(expect.objectContaining({ state: 'failed', error: expect.stringContaining('Dimension mismatch') }));
  });

  describe('with an ingest token (the latest request of a document wins)', () => {
    const withToken = { ...job, token: 'tok-2' };

    it('writes only through the token-checked store methods', async () => {
      store.getDocument.mockResolvedValue(record(null, 0, 'tok-2'));
      store.upsertDocumentIfCurrent.mockImplementation(async (input: { chunks: unknown[] }) => ({ chunkCount: input.chunks.length }));
      await expect(runner.run(withToken, { batchSize: 8, finalAttempt: false })).resolves.toMatchObject({ outcome: 'ingested' });
      expect(store.setDocumentStateIfCurrent).toHaveBeenCalledWith({ collection: 'c', id: 'doc', state: 'processing' }, 'tok-2');
      expect(store.upsertDocumentIfCurrent).toHaveBeenCalledWith(expect.objectContaining({ collection: 'c', id: 'doc' }), 'tok-2');
      expect(store.setDocumentState).not.toHaveBeenCalled();
      expect(store.upsertDocument).not.toHaveBeenCalled();
    });

    it('an older job (another token on the document) stores nothing and embeds nothing', async () => {
      store.getDocument.mockResolvedValue(record(null, 0, 'tok-3'));
      await expect(runner.run(withToken, { batchSize: 8, finalAttempt: false })).resolves.toMatchObject({ outcome: 'superseded', chunks: 0 });
      expect(cache.calls).toEqual([]);
      expect(provider.callCount).toBe(0);
      expect(store.setDocumentStateIfCurrent).not.toHaveBeenCalled();
    });

    it('a document deleted while its chunks were embedded stays deleted', async () => {
      store.getDocument.mockResolvedValueOnce(record(null, 0, 'tok-2')).mockResolvedValueOnce(null);
      store.upsertDocumentIfCurrent.mockResolvedValue(null);
      await expect(runner.run(withToken, { batchSize: 8, finalAttempt: false })).resolves.toMatchObject({ outcome: 'deleted' });
    });

    it('a failure is recorded only while the document holds the token', async () => {
      store.getDocument.mockResolvedValue(record(null, 0, 'tok-2'));
      provider.failNext(new ProviderError('m', 400, 'bad input'));
      await expect(runner.run(withToken, { batchSize: 8, finalAttempt: false })).rejects.toThrow(ProviderError);
      expect(store.setDocumentStateIfCurrent).toHaveBeenLastCalledWith(
        { collection: 'c', id: 'doc', state: 'failed', error: 'the embedding provider failed with HTTP 400' },
        'tok-2',
      );
      expect(store.setDocumentState).not.toHaveBeenCalled();
    });
  });

  it('a whitespace-only text fails the job and is recorded on the document', async () => {
    await expect(runner.run({ ...job, text: ' \n ' }, { batchSize: 2, finalAttempt: false })).rejects.toThrow(InvalidJobError);
    expect(store.setDocumentState).toHaveBeenCalledWith(expect.objectContaining({ state: 'failed', error: expect.stringContaining('text') }));
  });

  it.each([
    [{ ...job, id: '' }, 'id must be a non-empty string'],
    [{ ...job, collection: 5 }, 'collection must be a non-empty string'],
    [{ ...job, text: '   ' }, 'text must contain a non-whitespace character'],
    [{ ...job, metadata: [1] }, 'metadata must be a JSON object'],
  ])('rejects invalid job data %j', async (data, message) => {
    await expect(runner.run(data as never, { batchSize: 2, finalAttempt: false })).rejects.toThrow(InvalidJobError);
    await expect(runner.run(data as never, { batchSize: 2, finalAttempt: false })).rejects.toThrow(message);
  });

  describe('time budget', () => {
    it('stops a run whose provider does not answer within the budget, writes nothing, and retries', async () => {
      store.getDocument.mockResolvedValue(record(null));
      jest.spyOn(provider, 'embed').mockReturnValue(new Promise(() => undefined));
      await expect(runner.run(job, { batchSize: 2, finalAttempt: false, timeBudgetMs: 50 })).rejects.toThrow(IngestionTimeoutError);
      expect(store.upsertDocument).not.toHaveBeenCalled();
      expect(store.setDocumentState).not.toHaveBeenCalledWith(expect.objectContaining({ state: 'failed' }));
    });

    it('on the final attempt marks the document failed, saying the budget ran out and nothing was written', async () => {
      store.getDocument.mockResolvedValue(record(null));
      let calls = 0;
      // The first batch answers at once, the second never: the budget runs out after 2 chunks.
      jest.spyOn(provider, 'embed').mockImplementation(async (texts: string[]) => {
        if (calls++ > 0) return new Promise<never>(() => undefined);
        return texts.map((text) => local.embedSync(text));
      });
      const chunks = chunkText(TEXT, chunking).length;
      await expect(runner.run(job, { batchSize: 2, finalAttempt: true, timeBudgetMs: 100 })).rejects.toThrow(
        `ingestion took longer than its 100 ms budget (2 of ${chunks} chunks embedded); nothing was written`,
      );
      expect(store.upsertDocument).not.toHaveBeenCalled();
      expect(store.setDocumentState).toHaveBeenLastCalledWith({ collection: 'c', id: 'doc', state: 'failed', error: expect.stringContaining('100 ms budget') });
    });
  });

  describe('failAbandoned (the job failed for good outside the ingestion)', () => {
    const withState = (state: string, ingestToken: string | null = 'tok-1') => ({ ...record(null, 0, ingestToken), state });

    it.each(['pending', 'processing'])('marks a %s document holding the job token failed with the reason', async (state) => {
      store.getDocument.mockResolvedValue(withState(state));
      await expect(runner.failAbandoned({ ...job, token: 'tok-1' }, 'ingestion stopped: why')).resolves.toBe(true);
      expect(store.setDocumentStateIfCurrent).toHaveBeenCalledWith(
        { collection: 'c', id: 'doc', state: 'failed', error: 'ingestion stopped: why' },
        'tok-1',
      );
    });

    it('marks a document of a job without a token through the plain state update', async () => {
      store.getDocument.mockResolvedValue(withState('processing', null));
      await expect(runner.failAbandoned(job, 'ingestion stopped: why')).resolves.toBe(true);
      expect(store.setDocumentState).toHaveBeenCalledWith({ collection: 'c', id: 'doc', state: 'failed', error: 'ingestion stopped: why' });
    });

    it.each(['ready', 'failed'])('leaves a %s document as it is (its ingestion reported back)', async (state) => {
      store.getDocument.mockResolvedValue(withState(state));
      await expect(runner.failAbandoned({ ...job, token: 'tok-1' }, 'why')).resolves.toBe(false);
      expect(store.setDocumentStateIfCurrent).not.toHaveBeenCalled();
    });

    it('leaves a deleted document deleted, and one re-posted since (new token) to its new job', async () => {
      store.getDocument.mockResolvedValueOnce(null);
      await expect(runner.failAbandoned({ ...job, token: 'tok-1' }, 'why')).resolves.toBe(false);
      store.getDocument.mockResolvedValueOnce(withState('pending', 'tok-2'));
      store.setDocumentStateIfCurrent.mockResolvedValueOnce(null);
      await expect(runner.failAbandoned({ ...job, token: 'tok-1' }, 'why')).resolves.toBe(false);
      expect(store.setDocumentState).not.toHaveBeenCalled();
    });
  });
});
