import { Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { VectorStore } from './vector-store.service';
import { VectorStoreHealthIndicator } from './vector-store.health';

describe('VectorStoreHealthIndicator', () => {
  const indicator = (ping: () => Promise<void>) =>
    new VectorStoreHealthIndicator(new HealthIndicatorService(), { ping } as unknown as VectorStore);

  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('is up when the store answers', async () => {
    await expect(indicator(async () => undefined).isHealthy()).resolves.toEqual({ vector_store: { status: 'up' } });
  });

  it('is down without the query error, which may name the database', async () => {
    const failing = indicator(async () => {
      throw new Error('connect ECONNREFUSED db.internal:5432 (user rag)');
    });
    const result = await failing.isHealthy();
    expect(result).toEqual({ vector_store: { status: 'down', message: 'the vector store did not answer a query' } });
    expect(JSON.stringify(result)).not.toContain('db.internal');
  });
});

describe('VectorStoreHealthIndicator deadline', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());
  afterEach(() => jest.useRealTimers());

  it('is down after 1 s when the store does not answer, saying so', async () => {
    jest.useFakeTimers();
    const silent = new VectorStoreHealthIndicator(new HealthIndicatorService(), { ping: () => new Promise(() => undefined) } as unknown as VectorStore);

    const result = silent.isHealthy();
    await jest.advanceTimersByTimeAsync(1_000);

    await expect(result).resolves.toEqual({ vector_store: { status: 'down', message: 'The vector store did not answer within 1000 ms' } });
  });
});
