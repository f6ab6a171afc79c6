import { startRedisServer } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { EmbeddingsService } from '../src/embeddings/embeddings.service';
import { createApp } from './support/create-app';

/** What rag-api keeps of the JSON of the vectors it served follows the L1's settings (README, "L1 tier"). */
describe('rag-api: the wire forms of served vectors get the L1 budget', () => {
  let redis: TestRedisServer;

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis.stop();
  });

  it.each([
    [{}, 64 * 1024 * 1024],
    [{ REDIS_EMBEDDING_CACHE_L1_MAX_MB: '8' }, 8 * 1024 * 1024],
    [{ REDIS_EMBEDDING_CACHE_L1_MAX_MB: '0' }, 0],
    [{ REDIS_EMBEDDING_CACHE_ENABLED: 'false' }, 0],
  ])('with %j: %d bytes', async (env, bytes) => {
    const api = await createApp({ REDIS_URL: redis.url, OPENAI_API_KEY: '', EMBEDDING_PROVIDER: 'local', ...env });
    try {
      expect(api.app.get(EmbeddingsService).encodedVectorBudgetBytes).toBe(bytes);
    } finally {
      await api.close();
    }
  });
});
