import { Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { VectorStore } from '@rag/vector-store';
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
