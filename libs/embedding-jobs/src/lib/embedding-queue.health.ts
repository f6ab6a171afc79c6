import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { withDeadline } from '@rag/config-kit';
import { EMBEDDING_JOBS_QUEUE } from './embedding-jobs.constants';

/** Longest wait for the queue's Redis to count the waiting jobs. */
const PING_TIMEOUT_MS = 1_000;

/**
 * Terminus indicator of the `embedding-jobs` queue: `up` when its Redis counts the waiting jobs
 * within 1 s, `down` with the reason otherwise. It never throws. Needs
 * `BullModule.registerQueue({ name: EMBEDDING_JOBS_QUEUE })` and `TerminusModule` in the module
 * that provides it.
 */
@Injectable()
export class EmbeddingQueueHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectQueue(EMBEDDING_JOBS_QUEUE) private readonly queue: Queue,
  ) {}

  /** Checks the queue under `key` (default `queue`). */
  async isHealthy(key = 'queue'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await withDeadline(this.queue.getJobCounts('waiting'), PING_TIMEOUT_MS);
      return indicator.up({ queue: EMBEDDING_JOBS_QUEUE });
    } catch (error) {
      return indicator.down({ queue: EMBEDDING_JOBS_QUEUE, message: error instanceof Error ? error.message : String(error) });
    }
  }
}
