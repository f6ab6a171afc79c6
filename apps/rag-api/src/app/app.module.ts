import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { BullModule } from '@nestjs/bullmq';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { LoggerModule } from 'nestjs-pino';
import { EmbeddingCacheModule, embeddingCacheConfig, registerEmbeddingCacheRedis } from '@rag/embedding-cache';
import { EMBEDDING_JOBS_QUEUE } from '@rag/embedding-jobs';
import { EmbeddingsModule, embeddingsConfig } from '@rag/embeddings';
import { validateEnv } from '../config/env.validation';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { EmbeddingJobsController } from '../embedding-jobs/embedding-jobs.controller';
import { EmbeddingJobsService } from '../embedding-jobs/embedding-jobs.service';
import { QUEUE_REDIS, QueueRedisModule } from '../embedding-jobs/queue-redis.module';
import { JobTextsConstraint } from '../embedding-jobs/validation/job-texts.constraint';
import { EmbeddingsController } from '../embeddings/embeddings.controller';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import { EmbeddingInputConstraint } from '../embeddings/validation/embedding-input.constraint';
import { HealthController } from '../health/health.controller';
import { HttpMetrics, httpMetricProviders } from '../metrics/http-metrics';
import { ProviderMetrics, providerMetricProviders } from '../metrics/provider-metrics';
import { loggerOptions } from './logger.options';

/**
 * rag-api's wiring. A dynamic module so that the environment is read when the app is built,
 * not when this file is imported (tests build several apps with different settings).
 */
@Module({})
export class AppModule {
  static register(): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, cache: false, validate: validateEnv, load: [ragApiConfig] }),
        LoggerModule.forRootAsync({ inject: [ragApiConfig.KEY], useFactory: (config: RagApiConfig) => loggerOptions(config) }),
        registerEmbeddingCacheRedis(),
        EmbeddingCacheModule.forRootAsync(embeddingCacheConfig.asProvider()),
        EmbeddingsModule.forRootAsync(embeddingsConfig.asProvider()),
        BullModule.forRootAsync({
          imports: [QueueRedisModule],
          inject: [QUEUE_REDIS],
          useFactory: (connection: Redis) => ({ connection }),
        }),
        BullModule.registerQueue({ name: EMBEDDING_JOBS_QUEUE }),
        PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: false } }),
        TerminusModule,
      ],
      controllers: [EmbeddingsController, EmbeddingJobsController, HealthController],
      providers: [
        EmbeddingsService,
        EmbeddingInputConstraint,
        JobTextsConstraint,
        EmbeddingJobsService,
        ProviderMetrics,
        HttpMetrics,
        ...providerMetricProviders,
        ...httpMetricProviders,
      ],
    };
  }
}
