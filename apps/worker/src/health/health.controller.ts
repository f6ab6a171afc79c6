import { Controller, Get, Optional } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { EmbeddingCacheHealthIndicator, withDeadline } from '@rag/embedding-cache';
import { EMBEDDING_JOBS_QUEUE, VectorStoreHealthIndicator } from '@rag/embedding-jobs';

const PING_TIMEOUT_MS = 1_000;

/**
 * The worker's health: the queue's Redis and, when it ingests documents, the vector store
 * (required), and the cache (shown, optional for readiness).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly cache: EmbeddingCacheHealthIndicator,
    @InjectQueue(EMBEDDING_JOBS_QUEUE) private readonly queue: Queue,
    @Optional() private readonly store?: VectorStoreHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.required());
  }

  @Get()
  @HealthCheck()
  all(): Promise<HealthCheckResult> {
    return this.health.check([...this.required(), () => this.cache.isHealthy()]);
  }

  private required(): Array<() => Promise<HealthIndicatorResult>> {
    const { store } = this;
    return store ? [() => this.queueHealth(), () => store.isHealthy()] : [() => this.queueHealth()];
  }

  private async queueHealth(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('queue');
    try {
      await withDeadline(this.queue.getJobCounts('waiting'), PING_TIMEOUT_MS);
      return indicator.up({ queue: EMBEDDING_JOBS_QUEUE });
    } catch (error) {
      return indicator.down({ queue: EMBEDDING_JOBS_QUEUE, message: error instanceof Error ? error.message : String(error) });
    }
  }
}
