import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { EmbeddingCacheHealthIndicator } from '@rag/embedding-cache';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';

/**
 * Liveness, readiness and full health. The cache is optional: it shows in `/health` (503 while
 * it is down, with the reason), but fails readiness only with `EMBEDDING_CACHE_REQUIRED=true`.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly cache: EmbeddingCacheHealthIndicator,
    @Inject(ragApiConfig.KEY) private readonly config: RagApiConfig,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Ready for traffic: the cache counts only when required. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.config.cacheRequired ? [() => this.cache.isHealthy()] : []);
  }

  /** Every dependency, the cache included. */
  @Get()
  @HealthCheck()
  all(): Promise<HealthCheckResult> {
    return this.health.check([() => this.cache.isHealthy()]);
  }
}
