import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { DynamicModule } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { BullModule } from '@nestjs/bullmq';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { LoggerModule } from 'nestjs-pino';
import { CachedEmbeddingsModule } from '@rag/cached-embeddings';
import { EmbeddingCacheModule, embeddingCacheConfig, registerEmbeddingCacheRedis } from '@rag/embedding-cache';
import { DocumentIngestionRunner, EMBEDDING_JOBS_QUEUE, EmbeddingJobRunner, EmbeddingJobsHandler, EmbeddingQueueMetrics } from '@rag/embedding-jobs';
import { EMBEDDING_PROVIDER, EmbeddingsModule, embeddingsConfig } from '@rag/embeddings';
import { VectorStoreHealthIndicator, registerVectorStore } from '@rag/vector-store';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiKeysService } from '../auth/api-keys.service';
import { QueuedBytesService } from '../auth/queued-bytes.service';
import { RateLimitGuard } from '../auth/rate-limit.guard';
import { RateLimiterService } from '../auth/rate-limiter.service';
import { resolveJobsInProcess, validateEnv } from '../config/env.validation';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { DocumentsController } from '../documents/documents.controller';
import { DocumentsService } from '../documents/documents.service';
import { EmbeddingJobsController } from '../embedding-jobs/embedding-jobs.controller';
import { EmbeddingJobsService } from '../embedding-jobs/embedding-jobs.service';
import { QUEUE_REDIS, QueueRedisModule } from '../embedding-jobs/queue-redis.module';
import { JobTextsConstraint } from '../embedding-jobs/validation/job-texts.constraint';
import { EmbeddingsController } from '../embeddings/embeddings.controller';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import { EmbeddingInputConstraint } from '../embeddings/validation/embedding-input.constraint';
import { HealthController } from '../health/health.controller';
import { DocumentQueue } from '../jobs/document-queue.service';
import { InProcessJobsService } from '../jobs/in-process-jobs.service';
import { JobStatusReader } from '../jobs/job-status.reader';
import { DocumentReconciler } from '../jobs/document-reconciler.service';
import { ModelsController } from '../models/models.controller';
import { ModelsService } from '../models/models.service';
import { RetrievalController } from '../retrieval/retrieval.controller';
import { RetrievalService } from '../retrieval/retrieval.service';
import { HttpMetrics, httpMetricProviders } from '../metrics/http-metrics';
import { MetricsController } from '../metrics/metrics.controller';
import { loggerOptions } from './logger.options';
import { TracingShutdown } from '@rag/tracing';

/**
 * rag-api's wiring. A dynamic module so that the environment is read when the app is built,
 * not when this file is imported (tests build several apps with different settings).
 * `JOBS_IN_PROCESS` (by default: no `DATABASE_URL`) adds a processor of the job queue; the document
 * reconciler runs in every process.
 */
@Module({})
export class AppModule {
  static register(): DynamicModule {
    const jobsInProcess = resolveJobsInProcess(process.env);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, cache: false, validate: validateEnv, load: [ragApiConfig] }),
        LoggerModule.forRootAsync({ inject: [ragApiConfig.KEY], useFactory: (config: RagApiConfig) => loggerOptions(config) }),
        registerEmbeddingCacheRedis(),
        EmbeddingCacheModule.forRootAsync({ ...embeddingCacheConfig.asProvider(), isGlobal: true }),
        EmbeddingsModule.forRootAsync({ ...embeddingsConfig.asProvider(), isGlobal: true }),
        CachedEmbeddingsModule,
        registerVectorStore(EMBEDDING_PROVIDER),
        BullModule.forRootAsync({
          imports: [QueueRedisModule],
          inject: [QUEUE_REDIS],
          useFactory: (connection: Redis) => ({ connection }),
        }),
        BullModule.registerQueue({ name: EMBEDDING_JOBS_QUEUE }),
        QueueRedisModule,
        PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: false }, controller: MetricsController }),
        TerminusModule,
      ],
      controllers: [EmbeddingsController, ModelsController, EmbeddingJobsController, DocumentsController, RetrievalController, HealthController],
      providers: [
        TracingShutdown,
        EmbeddingsService,
        ModelsService,
        EmbeddingInputConstraint,
        JobTextsConstraint,
        EmbeddingJobsService,
        DocumentsService,
        RetrievalService,
        EmbeddingJobRunner,
        DocumentIngestionRunner,
        EmbeddingJobsHandler,
        DocumentQueue,
        // The shared queue's job counts on scrape (a single-process deployment has no worker to scrape).
        EmbeddingQueueMetrics,
        JobStatusReader,
        VectorStoreHealthIndicator,
        // Every replica, on any store: no document stays pending/processing past DOCUMENT_STUCK_AFTER_MS.
        DocumentReconciler,
        ...(jobsInProcess ? [InProcessJobsService] : []),
        HttpMetrics,
        ...httpMetricProviders,
        ApiKeysService,
        RateLimiterService,
        QueuedBytesService,
        // In this order: the key is known before its requests are counted.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
