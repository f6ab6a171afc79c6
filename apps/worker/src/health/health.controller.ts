import { Controller, Get, Logger, Optional } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { DeadlineExceededError, EmbeddingCacheHealthIndicator, withDeadline } from '@rag/embedding-cache';
import { EMBEDDING_JOBS_QUEUE } from '@rag/embedding-jobs';
import { VectorStore } from '@rag/vector-store';

const PING_TIMEOUT_MS = 1_000;

/**
 * The worker's health: the queue's Redis and, when it ingests documents, the vector store
 * (required), and the cache (shown, optional for readiness).
 */
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly cache: EmbeddingCacheHealthIndicator,
    @InjectQueue(EMBEDDING_JOBS_QUEUE) private readonly queue: Queue,
    @Optional() private readonly store?: VectorStore,
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
    return store ? [() => this.queueHealth(), () => this.storeHealth(store)] : [() => this.queueHealth()];
  }

  private async storeHealth(store: VectorStore): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('vector_store');
    try {
      await withDeadline(store.ping(), PING_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      // A query error may name the database (host, user, data directory): logged, not shown.
      this.logger.warn(`Vector store health check failed: ${error instanceof Error ? error.message : String(error)}`);
      return indicator.down({ message: error instanceof DeadlineExceededError ? error.message : 'the vector store did not answer a query' });
    }
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
