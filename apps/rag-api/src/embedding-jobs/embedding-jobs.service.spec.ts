import { BadRequestException } from '@nestjs/common';
import type { VectorStore } from '@rag/vector-store';
import type { EmbeddingsService } from '../embeddings/embeddings.service';
import type { DocumentQueue } from '../jobs/document-queue.service';
import { EmbeddingJobsService } from './embedding-jobs.service';

const queue = { on: jest.fn(), add: jest.fn() };
const embeddings = {
  model: 'local-hash-v1',
  assertModel: jest.fn((model: string | undefined) => {
    if (model !== undefined && model !== 'local-hash-v1' && model !== 'text-embedding-ada-002') throw new BadRequestException('unknown model');
  }),
};

function createService(): EmbeddingJobsService {
  const documents = { queueOf: () => queue } as unknown as DocumentQueue;
  return new EmbeddingJobsService(queue as never, embeddings as unknown as EmbeddingsService, {} as VectorStore, documents);
}

describe('EmbeddingJobsService.create', () => {
  beforeEach(() => {
    queue.add.mockReset().mockResolvedValue({ id: '7' });
  });

  it('enqueues the served model for a job that names an alias, so any worker of the fleet takes it, whatever its alias list', async () => {
    // Arrange
    const service = createService();

    // Act
    const created = await service.create({ model: 'text-embedding-ada-002', texts: ['a', 'b'] });

    // Assert
    expect(created).toEqual({ id: '7' });
    expect(queue.add).toHaveBeenCalledWith(expect.any(String), { model: 'local-hash-v1', texts: ['a', 'b'] }, expect.any(Object));
  });

  it('enqueues no model when the request names none', async () => {
    await createService().create({ texts: ['a'] });

    expect(queue.add).toHaveBeenCalledWith(expect.any(String), { model: undefined, texts: ['a'] }, expect.any(Object));
  });

  it('refuses an unknown model before enqueueing anything', async () => {
    await expect(createService().create({ model: 'gpt-nope', texts: ['a'] })).rejects.toThrow(BadRequestException);

    expect(queue.add).not.toHaveBeenCalled();
  });
});
