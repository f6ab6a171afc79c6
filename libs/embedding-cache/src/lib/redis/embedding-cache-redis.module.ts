import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { RedisModule } from '@liaoliaots/nestjs-redis';
import { embeddingCacheConfig } from '../config/embedding-cache.config';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { buildEmbeddingCacheRedisConfig } from './build-redis-config.util';

/**
 * `RedisModule.forRootAsync` with the cache's client, configured from the environment
 * (`embeddingCacheConfig`). nestjs-redis' own ready/error logging is off: the cache logs once
 * per state change instead. Apps that need more Redis clients register RedisModule themselves
 * with `buildEmbeddingCacheRedisConfig` among their entries.
 */
export function registerEmbeddingCacheRedis(): DynamicModule {
  return RedisModule.forRootAsync({
    imports: [ConfigModule.forFeature(embeddingCacheConfig)],
    inject: [embeddingCacheConfig.KEY],
    // nestjs-redis types factory arguments as unknown.
    useFactory: (cache: unknown) => ({
      readyLog: false,
      errorLog: false,
      config: [buildEmbeddingCacheRedisConfig(cache as EmbeddingCacheModuleOptions)],
    }),
  });
}
