import { Test } from '@nestjs/testing';
import { EmbeddingCacheService } from '@rag/embedding-cache';
import { EMBEDDING_CACHE_MODEL, EMBEDDING_PROVIDER, ProviderError } from '@rag/embeddings';
import { EmbeddingJobRunner } from './embedding-job.runner';
import { InvalidJobError } from './invalid-job.error';

const cache = { getOrComputeDetailed: jest.fn() };
const provider = { model: 'm', dimensions: 2, embed: jest.fn() };

describe('EmbeddingJobRunner', () => {
  let runner: EmbeddingJobRunner;

  beforeEach(async () => {
    cache.getOrComputeDetailed.mockReset();
    const moduleRef = await Test.createTestingModule({
      providers: [
        EmbeddingJobRunner,
        { provide: EmbeddingCacheService, useValue: cache },
        { provide: EMBEDDING_PROVIDER, useValue: provider },
        { provide: EMBEDDING_CACHE_MODEL, useValue: 'm' },
      ],
    }).compile();
    runner = moduleRef.get(EmbeddingJobRunner);
  });

  it('embeds in batches of batchSize through getOrCompute, reporting progress and a summary', async () => {
    cache.getOrComputeDetailed.mockImplementation(async (_model: string, texts: string[]) => ({
      vectors: [],
      hits: 1,
      misses: texts.length - 1,
      computed: texts.length - 1,
    }));
    const progress: number[] = [];
    const summary = await runner.run({ texts: ['a', 'b', 'c', 'd', 'e'] }, { batchSize: 2, onProgress: (p) => void progress.push(p) });
    expect(cache.getOrComputeDetailed.mock.calls.map((call) => call[1])).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(cache.getOrComputeDetailed.mock.calls[0][0]).toBe('m');
    expect(progress).toEqual([40, 80, 100]);
    expect(summary).toEqual({ total: 5, hits: 3, computed: 2, failed: 0 });
  });

  it('counts a batch the provider rejects for good as failed and goes on', async () => {
    cache.getOrComputeDetailed
      .mockRejectedValueOnce(new ProviderError('m', 400, 'input too long'))
      .mockResolvedValueOnce({ vectors: [], hits: 0, misses: 1, computed: 1 });
    await expect(runner.run({ texts: ['a', 'b', 'c'] }, { batchSize: 2 })).resolves.toEqual({ total: 3, hits: 0, computed: 1, failed: 2 });
  });

  it.each([429, 500, undefined])('throws a transient provider failure (status %s) so the queue retries the job', async (status) => {
    cache.getOrComputeDetailed.mockRejectedValueOnce(new ProviderError('m', status, 'busy'));
    await expect(runner.run({ texts: ['a'] }, { batchSize: 2 })).rejects.toThrow(ProviderError);
  });

  it.each([
    [{ texts: [] }, 'texts must be an array of 1 to 100000 strings'],
    [{ texts: 'abc' }, 'texts must be an array of 1 to 100000 strings'],
    [{ texts: ['a', ''] }, 'texts[1] must be a non-empty string'],
    [{ texts: ['a'], model: 'other' }, 'model "other" is not available'],
  ])('rejects invalid job data %j without retrying', async (data, message) => {
    await expect(runner.run(data as never, { batchSize: 2 })).rejects.toThrow(InvalidJobError);
    await expect(runner.run(data as never, { batchSize: 2 })).rejects.toThrow(message);
  });
});
