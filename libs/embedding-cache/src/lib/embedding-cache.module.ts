import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ConfigurableModuleClass } from './embedding-cache.module-definition';
import { EmbeddingCacheHealthIndicator } from './embedding-cache.health';
import { EmbeddingCacheMetrics } from './embedding-cache.metrics';
import { EmbeddingCacheService } from './embedding-cache.service';

/**
 * The shared embedding cache. `forRoot(options)` or `forRootAsync(embeddingCacheConfig.asProvider())`;
 * the app registers the Redis client with `registerEmbeddingCacheRedis()` (a `Redis` client through
 * RedisModule, or a `Cluster` client through ClusterModule in cluster mode).
 */
@Module({
  imports: [TerminusModule],
  providers: [EmbeddingCacheService, EmbeddingCacheHealthIndicator, EmbeddingCacheMetrics],
  exports: [EmbeddingCacheService, EmbeddingCacheHealthIndicator],
})
export class EmbeddingCacheModule extends ConfigurableModuleClass {}
