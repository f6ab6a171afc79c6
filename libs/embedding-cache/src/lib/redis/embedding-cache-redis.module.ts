import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ClusterModule, RedisModule } from '@liaoliaots/nestjs-redis';
import type { ClusterModuleOptions, RedisModuleOptions } from '@liaoliaots/nestjs-redis';
import { embeddingCacheConfig } from '../config/embedding-cache.config';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { buildEmbeddingCacheClusterConfig } from './build-cluster-config.util';
import { buildEmbeddingCacheRedisConfig } from './build-redis-config.util';

/** Wrapper so that both nestjs-redis registrations come as one import. */
@Module({})
class EmbeddingCacheRedisModule {}

/**
 * Registers the cache's Redis client with `@liaoliaots/nestjs-redis`: a `Redis` client through
 * `RedisModule` in standalone and sentinel mode, a `Cluster` client through `ClusterModule` in
 * cluster mode (the other module gets no client). Configured from the environment
 * (`embeddingCacheConfig`) unless `options` are given, e.g. by tests. nestjs-redis' own
 * ready/error logging is off: the cache logs once per state change instead. Both modules close
 * the client at application shutdown (`app.enableShutdownHooks()`).
 */
export function registerEmbeddingCacheRedis(options?: EmbeddingCacheModuleOptions): DynamicModule {
  const redisOptions = (cache: EmbeddingCacheModuleOptions): RedisModuleOptions => ({
    readyLog: false,
    errorLog: false,
    config: cache.mode === 'cluster' ? [] : [buildEmbeddingCacheRedisConfig(cache)],
  });
  const clusterOptions = (cache: EmbeddingCacheModuleOptions): ClusterModuleOptions => ({
    readyLog: false,
    errorLog: false,
    config: cache.mode === 'cluster' ? [buildEmbeddingCacheClusterConfig(cache)] : [],
  });
  const imports = options
    ? [RedisModule.forRoot(redisOptions(options)), ClusterModule.forRoot(clusterOptions(options))]
    : [
        RedisModule.forRootAsync({
          imports: [ConfigModule.forFeature(embeddingCacheConfig)],
          inject: [embeddingCacheConfig.KEY],
          // nestjs-redis types factory arguments as unknown.
          useFactory: (cache: unknown) => redisOptions(cache as EmbeddingCacheModuleOptions),
        }),
        ClusterModule.forRootAsync({
          imports: [ConfigModule.forFeature(embeddingCacheConfig)],
          inject: [embeddingCacheConfig.KEY],
          useFactory: (cache: unknown) => clusterOptions(cache as EmbeddingCacheModuleOptions),
        }),
      ];
  return { module: EmbeddingCacheRedisModule, imports, exports: [RedisModule, ClusterModule] };
}
