import { Controller, Get, Optional } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';
import { EmbeddingCacheHealthIndicator } from '@rag/embedding-cache';
import { EmbeddingQueueHealthIndicator } from '@rag/embedding-jobs';
import { VectorStoreHealthIndicator } from '@rag/vector-store';

/**
 * The worker's health: the queue's Redis and, when it ingests documents, the vector store
 * (required), and the cache (shown, optional for readiness).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly cache: EmbeddingCacheHealthIndicator,
    private readonly queue: EmbeddingQueueHealthIndicator,
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
    return store ? [() => this.queue.isHealthy(), () => store.isHealthy()] : [() => this.queue.isHealthy()];
  }
}
