import { getQueueToken } from '@nestjs/bullmq';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { EMBEDDING_JOBS_QUEUE } from './embedding-jobs.constants';
import { EmbeddingQueueHealthIndicator } from './embedding-queue.health';

const queue = { getJobCounts: jest.fn() };

describe('EmbeddingQueueHealthIndicator', () => {
  let indicator: EmbeddingQueueHealthIndicator;

  beforeEach(async () => {
    queue.getJobCounts.mockReset();
    const moduleRef = await Test.createTestingModule({
      providers: [EmbeddingQueueHealthIndicator, HealthIndicatorService, { provide: getQueueToken(EMBEDDING_JOBS_QUEUE), useValue: queue }],
    }).compile();
    indicator = moduleRef.get(EmbeddingQueueHealthIndicator);
  });

  afterEach(() => jest.useRealTimers());

  it('is up, naming the queue, when its Redis counts the waiting jobs', async () => {
    queue.getJobCounts.mockResolvedValue({ waiting: 3 });

    await expect(indicator.isHealthy()).resolves.toEqual({ queue: { status: 'up', queue: 'embedding-jobs' } });
    expect(queue.getJobCounts).toHaveBeenCalledWith('waiting');
  });

  it('is down with the reason, without throwing, when Redis fails', async () => {
    queue.getJobCounts.mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:6379'));

    await expect(indicator.isHealthy('jobs')).resolves.toEqual({
      jobs: { status: 'down', queue: 'embedding-jobs', message: 'connect ECONNREFUSED 127.0.0.1:6379' },
    });
  });

  it('is down after 1 s when Redis does not answer', async () => {
    jest.useFakeTimers();
    queue.getJobCounts.mockReturnValue(new Promise(() => undefined));

    const result = indicator.isHealthy();
    await jest.advanceTimersByTimeAsync(1_000);

    await expect(result).resolves.toEqual({ queue: { status: 'down', queue: 'embedding-jobs', message: expect.stringContaining('within 1000 ms') } });
  });
});
