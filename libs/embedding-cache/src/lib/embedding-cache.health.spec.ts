import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import { EmbeddingCacheHealthIndicator } from './embedding-cache.health';
import { EmbeddingCacheService } from './embedding-cache.service';

const cache = { ping: jest.fn(), stats: jest.fn() };

describe('EmbeddingCacheHealthIndicator', () => {
  let indicator: EmbeddingCacheHealthIndicator;

  beforeEach(async () => {
    cache.ping.mockReset();
    cache.stats.mockReset().mockReturnValue({ state: 'ready', l1Channel: 'subscribed' });
    const moduleRef = await Test.createTestingModule({
      imports: [TerminusModule],
      providers: [EmbeddingCacheHealthIndicator, { provide: EmbeddingCacheService, useValue: cache }],
    }).compile();
    indicator = moduleRef.get(EmbeddingCacheHealthIndicator);
  });

  it('is up with the latency when Redis answers, showing the L1 invalidation channel', async () => {
    cache.ping.mockResolvedValue({ ok: true, latencyMs: 0.4 });
    await expect(indicator.isHealthy()).resolves.toEqual({
      embedding_cache: { status: 'up', state: 'ready', latencyMs: 0.4, l1Channel: 'subscribed' },
    });
  });

  it('is down with the reason when Redis does not answer, without throwing', async () => {
    cache.stats.mockReturnValue({ state: 'connecting', l1Channel: 'down' });
    cache.ping.mockResolvedValue({ ok: false, reason: 'Redis connection is reconnecting' });
    await expect(indicator.isHealthy('cache')).resolves.toEqual({
      cache: { status: 'down', state: 'connecting', message: 'Redis connection is reconnecting', l1Channel: 'down' },
    });
  });

  it('is up with state disabled when the cache is turned off', async () => {
    cache.stats.mockReturnValue({ state: 'disabled' });
    await expect(indicator.isHealthy()).resolves.toEqual({ embedding_cache: { status: 'up', state: 'disabled' } });
    expect(cache.ping).not.toHaveBeenCalled();
  });
});
