import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';
import { DeadlineExceededError, EmbeddingCacheHealthIndicator, withDeadline } from '@rag/embedding-cache';
import { VectorStore } from '@rag/vector-store';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';

const STORE_PING_TIMEOUT_MS = 1_000;

/**
 * Liveness, readiness and full health. The vector store is required (documents and retrieval).
 * The cache is optional: it shows in `/health` (503 while it is down, with the reason), but fails
 * readiness only with `EMBEDDING_CACHE_REQUIRED=true`.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly health: HealthCheckService,
    private readonly cache: EmbeddingCacheHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly store: VectorStore,
    @Inject(ragApiConfig.KEY) private readonly config: RagApiConfig,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Ready for traffic: the vector store answers; the cache counts only when required. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const store = () => this.storeHealth();
    return this.health.check(this.config.cacheRequired ? [store, () => this.cache.isHealthy()] : [store]);
  }

  /** Every dependency, the cache included. */
  @Get()
  @HealthCheck()
  all(): Promise<HealthCheckResult> {
    return this.health.check([() => this.storeHealth(), () => this.cache.isHealthy()]);
  }

  private async storeHealth(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('vector_store');
    try {
      await withDeadline(this.store.ping(), STORE_PING_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      // A query error may name the database (host, user, data directory): logged, not shown.
      this.logger.warn(`Vector store health check failed: ${error instanceof Error ? error.message : String(error)}`);
      return indicator.down({ message: error instanceof DeadlineExceededError ? error.message : 'the vector store did not answer a query' });
    }
  }
}
