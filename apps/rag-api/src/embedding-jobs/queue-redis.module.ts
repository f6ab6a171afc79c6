import { Inject, Module } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { QueueConnection } from '../jobs/queue-connection';

/** Injection token of the producer's Redis client of the job queue (`queue.add`). */
export const QUEUE_REDIS = 'RagApi:QueueRedis';
/** Injection token of the `QueueConnection` (breaker) over `QUEUE_REDIS`. */
export const QUEUE_CONNECTION = 'RagApi:QueueConnection';
/**
 * Injection token of the `QueueConnection` used for job status reads: a client of its own, so a
 * read never queues behind a multi-megabyte `queue.add` on the producer's connection.
 */
export const QUEUE_READ_CONNECTION = 'RagApi:QueueReadConnection';

/** A fail-fast client: no offline queue, one attempt, bounded reconnect backoff, so queue calls answer 503 at once. */
function failFastClient(url: string, connectionName: string): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    connectionName,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
  });
  // Outages are logged once by EmbeddingJobsService through the queue's 'error' event, and by the breakers.
  client.on('error', () => undefined);
  return client;
}

/**
 * The job queue's Redis clients, owned here rather than by BullMQ: BullMQ closes a client it owns
 * with QUIT, which rejects unhandled when Redis is unreachable at shutdown. Two connections, each
 * behind one shared circuit breaker (`QueueConnection`): one for enqueueing, one for status reads.
 */
@Module({
  providers: [
    {
      provide: QUEUE_REDIS,
      inject: [ragApiConfig.KEY],
      useFactory: (config: RagApiConfig) => failFastClient(config.redisUrl, 'rag-api-queue'),
    },
    {
      provide: QUEUE_CONNECTION,
      inject: [QUEUE_REDIS],
      useFactory: (client: Redis) => new QueueConnection(client, 'producer'),
    },
    {
      provide: QUEUE_READ_CONNECTION,
      inject: [ragApiConfig.KEY, QUEUE_CONNECTION],
      // One circuit for both connections: they reach the same server.
      useFactory: (config: RagApiConfig, producer: QueueConnection) =>
        new QueueConnection(failFastClient(config.redisUrl, 'rag-api-queue-reads'), 'status reads', undefined, producer.breaker),
    },
  ],
  exports: [QUEUE_REDIS, QUEUE_CONNECTION, QUEUE_READ_CONNECTION],
})
export class QueueRedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(QUEUE_REDIS) private readonly client: Redis,
    @Inject(QUEUE_CONNECTION) private readonly connection: QueueConnection,
    @Inject(QUEUE_READ_CONNECTION) private readonly reads: QueueConnection,
  ) {}

  onApplicationShutdown(): void {
    this.connection.dispose();
    this.reads.dispose();
    this.reads.client.disconnect();
    this.client.disconnect();
  }
}
