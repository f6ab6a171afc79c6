import { Inject, Module } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';

/** Injection token of the producer's Redis client of the job queue. */
export const QUEUE_REDIS = 'RagApi:QueueRedis';

/**
 * The job queue's Redis client, owned here rather than by BullMQ: BullMQ closes a client it owns
 * with QUIT, which rejects unhandled when Redis is unreachable at shutdown. Fail-fast options:
 * no offline queue, one attempt, bounded reconnect backoff, so enqueueing answers 503 at once.
 */
@Module({
  providers: [
    {
      provide: QUEUE_REDIS,
      inject: [ragApiConfig.KEY],
      useFactory: (config: RagApiConfig) => {
        const client = new Redis(config.redisUrl, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 1_000,
          retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
        });
        // Outages are logged once by EmbeddingJobsService through the queue's 'error' event.
        client.on('error', () => undefined);
        return client;
      },
    },
  ],
  exports: [QUEUE_REDIS],
})
export class QueueRedisModule implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_REDIS) private readonly client: Redis) {}

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
