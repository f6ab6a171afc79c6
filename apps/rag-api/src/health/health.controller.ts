import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { HealthCheckResult, HealthIndicatorFunction } from '@nestjs/terminus';
import { EmbeddingCacheHealthIndicator } from '@rag/embedding-cache';
import { VectorStoreHealthIndicator } from '@rag/vector-store';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { AnyApiKey } from '../auth/any-key.decorator';
import { PublicRoute } from '../auth/public-route.decorator';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { INVALID_PARAMETERS } from '../common/openapi.constants';
import { healthReportSchema } from './dto/health-report.dto';
import { summarizeHealthReport } from './summarize-health-report.util';

// Terminus' own Swagger schema of the report is looser (no required fields, any status); ours is used instead.
const HEALTH_CHECK = { noCache: true, swaggerDocumentation: false };

/**
 * Liveness, readiness and full health. The vector store is required (documents and retrieval).
 * The cache is optional: it shows in `/health` (503 while it is down, with the reason), but fails
 * readiness only with `EMBEDDING_CACHE_REQUIRED=true`.
 */
@ApiTags('health')
@ApiErrorResponses(INVALID_PARAMETERS)
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly health: HealthCheckService,
    private readonly cache: EmbeddingCacheHealthIndicator,
    private readonly store: VectorStoreHealthIndicator,
    @Inject(ragApiConfig.KEY) private readonly config: RagApiConfig,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  @PublicRoute()
  @HealthCheck(HEALTH_CHECK)
  @ApiOperation({ summary: 'Liveness: the process serves HTTP (checks no dependency, so never 503)' })
  @ApiOkResponse({ schema: healthReportSchema('ok'), description: 'Alive' })
  live(): Promise<HealthCheckResult> {
    return this.check([], false);
  }

  /** Ready for traffic: the vector store answers; the cache counts only when required. */
  @Get('ready')
  @PublicRoute()
  @HealthCheck(HEALTH_CHECK)
  @ApiOperation({ summary: 'Readiness: the vector store answers (and the cache, with EMBEDDING_CACHE_REQUIRED=true)' })
  @ApiOkResponse({ schema: healthReportSchema('ok'), description: 'Ready for traffic' })
  @ApiServiceUnavailableResponse({ schema: healthReportSchema('error'), description: 'Not ready; `error` names the dependency and why' })
  ready(): Promise<HealthCheckResult> {
    const store = () => this.store.isHealthy();
    return this.check(this.config.cacheRequired ? [store, () => this.cache.isHealthy()] : [store], false);
  }

  /** Every dependency, the cache included. */
  @Get()
  @AnyApiKey()
  @HealthCheck(HEALTH_CHECK)
  @ApiOperation({ summary: 'Health of every dependency, the optional cache included' })
  @ApiOkResponse({ schema: healthReportSchema('ok'), description: 'Every dependency is up' })
  @ApiServiceUnavailableResponse({ schema: healthReportSchema('error'), description: 'A dependency is down (the cache too, though requests still get answers without it)' })
  all(): Promise<HealthCheckResult> {
    return this.check([() => this.store.isHealthy(), () => this.cache.isHealthy()], true);
  }

  /**
   * Runs the checks; clients get the summary (`summarizeHealthReport`), the log the reasons of
   * what is down. `detailed` (the keyed `/health`) adds states and latencies.
   */
  private async check(indicators: HealthIndicatorFunction[], detailed: boolean): Promise<HealthCheckResult> {
    try {
      return summarizeHealthReport(await this.health.check(indicators), detailed);
    } catch (error) {
      const report = error instanceof ServiceUnavailableException ? (error.getResponse() as HealthCheckResult) : undefined;
      if (report?.error === undefined) throw error;
      this.logger.warn(`Health check failed: ${JSON.stringify(report.error)}`);
      throw new ServiceUnavailableException(summarizeHealthReport(report, detailed));
    }
  }
}
