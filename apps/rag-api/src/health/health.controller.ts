import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { EmbeddingCacheHealthIndicator } from '@rag/embedding-cache';
import { VectorStoreHealthIndicator } from '@rag/vector-store';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';

/**
 * Liveness, readiness and full health. The vector store is required (documents and retrieval).
 * The cache is optional: it shows in `/health` (503 while it is down, with the reason), but fails
 * readiness only with `EMBEDDING_CACHE_REQUIRED=true`.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly cache: EmbeddingCacheHealthIndicator,
    private readonly store: VectorStoreHealthIndicator,
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
    const store = () => this.store.isHealthy();
    return this.health.check(this.config.cacheRequired ? [store, () => this.cache.isHealthy()] : [store]);
  }

  /** Every dependency, the cache included. */
  @Get()
  @HealthCheck()
  all(): Promise<HealthCheckResult> {
    return this.health.check([() => this.store.isHealthy(), () => this.cache.isHealthy()]);
  }
}
