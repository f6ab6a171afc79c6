import { BadRequestException } from '@nestjs/common';
import type { EmbeddingsService } from '../embeddings/embeddings.service';
import type { JobStatusReader } from '../jobs/job-status.reader';
import type { QueueConnection } from '../jobs/queue-connection';
import { EmbeddingJobsService } from './embedding-jobs.service';

const queue = { on: jest.fn(), add: jest.fn(), toKey: (id: string) => `bull:embedding-jobs:${id}` };
const client = { eval: jest.fn() };
const connection = { call: (_budget: number, fn: (c: typeof client) => Promise<unknown>) => fn(client) } as unknown as QueueConnection;
const embeddings = {
  model: 'local-hash-v1',
  assertModel: jest.fn((model: string | undefined) => {
    if (model !== undefined && model !== 'local-hash-v1' && model !== 'text-embedding-ada-002') throw new BadRequestException('unknown model');
  }),
};

function createService(): EmbeddingJobsService {
  return new EmbeddingJobsService(queue as never, embeddings as unknown as EmbeddingsService, connection, {} as JobStatusReader);
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
    // The count goes apart from the payload, into the job's hash, for status reads.
    expect(client.eval).toHaveBeenCalledWith(expect.any(String), 1, 'bull:embedding-jobs:7', 'total', '2');
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
