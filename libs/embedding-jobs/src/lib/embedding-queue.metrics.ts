import { Injectable } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { EMBEDDING_JOBS_QUEUE } from './embedding-jobs.constants';
import { countQueueJobsOnScrape } from './queue-jobs.metrics';

/**
 * Exports `embedding_jobs_queue_jobs{queue,state}` for the `embedding-jobs` queue (see
 * `QueueJobsSampler`). Needs `BullModule.registerQueue({ name: EMBEDDING_JOBS_QUEUE })` in the
 * module that provides it.
 */
@Injectable()
export class EmbeddingQueueMetrics implements OnModuleInit, OnModuleDestroy {
  private stop?: () => void;

  constructor(@InjectQueue(EMBEDDING_JOBS_QUEUE) private readonly queue: Queue) {}

  onModuleInit(): void {
    this.stop = countQueueJobsOnScrape(() => [this.queue]);
  }

  onModuleDestroy(): void {
    this.stop?.();
  }
}
