import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { LoggerModule } from 'nestjs-pino';
import { CachedEmbeddingsModule } from '@rag/cached-embeddings';
import { EmbeddingCacheModule, embeddingCacheConfig, registerEmbeddingCacheRedis } from '@rag/embedding-cache';
import {
  DocumentIngestionRunner,
  EMBEDDING_JOBS_QUEUE,
  EmbeddingJobRunner,
  EmbeddingJobsHandler,
  EmbeddingQueueHealthIndicator,
  EmbeddingQueueMetrics,
  bullConnectionFromUrl,
} from '@rag/embedding-jobs';
import { EMBEDDING_PROVIDER, EmbeddingsModule, embeddingsConfig } from '@rag/embeddings';
import { TracingShutdown, traceLogFields } from '@rag/tracing';
import { VectorStoreHealthIndicator, registerVectorStore } from '@rag/vector-store';
import type { WorkerConfig } from '../config/env.validation';
import { workerConfig } from '../config/worker.config';
import { EmbeddingJobsProcessor } from '../embedding-jobs/embedding-jobs.processor';
import { jobMetricProviders } from '../embedding-jobs/embedding-jobs.metrics';
import { HealthController } from '../health/health.controller';

/**
 * The worker's wiring; a dynamic module so the environment is read when the app is built. With
 * `DATABASE_URL` (a PostgreSQL shared with rag-api) it also ingests documents; without it,
 * `ingest-document` jobs are handed back to the queue for rag-api's in-process processor, since
 * an embedded PGlite belongs to one process.
 */
@Module({})
export class WorkerModule {
  static register(): DynamicModule {
    const ingestsDocuments = Boolean(process.env['DATABASE_URL']?.trim());
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, cache: false, load: [workerConfig] }),
        LoggerModule.forRootAsync({
          inject: [workerConfig.KEY],
          useFactory: (config: WorkerConfig) => ({ pinoHttp: { level: config.logLevel, autoLogging: false, mixin: traceLogFields } }),
        }),
        registerEmbeddingCacheRedis(),
        EmbeddingCacheModule.forRootAsync({ ...embeddingCacheConfig.asProvider(), isGlobal: true }),
        EmbeddingsModule.forRootAsync({ ...embeddingsConfig.asProvider(), isGlobal: true }),
        CachedEmbeddingsModule,
        ...(ingestsDocuments ? [registerVectorStore(EMBEDDING_PROVIDER)] : []),
        BullModule.forRootAsync({
          inject: [workerConfig.KEY],
          useFactory: (config: WorkerConfig) => ({ connection: bullConnectionFromUrl(config.redisUrl) }),
        }),
        BullModule.registerQueue({ name: EMBEDDING_JOBS_QUEUE }),
        PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: true } }),
        TerminusModule,
      ],
      controllers: [HealthController],
      providers: [
        TracingShutdown,
        EmbeddingJobRunner,
        ...(ingestsDocuments ? [DocumentIngestionRunner, VectorStoreHealthIndicator] : []),
        EmbeddingJobsHandler,
        EmbeddingJobsProcessor,
        EmbeddingQueueHealthIndicator,
        EmbeddingQueueMetrics,
        ...jobMetricProviders,
      ],
    };
  }
}
