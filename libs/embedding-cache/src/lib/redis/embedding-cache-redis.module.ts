import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ClusterModule, RedisModule } from '@liaoliaots/nestjs-redis';
import type { ClusterModuleOptions, RedisModuleOptions } from '@liaoliaots/nestjs-redis';
import { embeddingCacheConfig } from '../config/embedding-cache.config';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { buildTopologyRegistration } from './topologies/build-topology-registration.util';

/** Wrapper so that both nestjs-redis registrations come as one import. */
@Module({})
class EmbeddingCacheRedisModule {}

/**
 * Registers the cache's Redis client with `@liaoliaots/nestjs-redis`, in the module its topology
 * names (`redis/topologies/`): a `Redis` client through `RedisModule` (standalone, sentinel) or a
 * `Cluster` client through `ClusterModule` (cluster); the other module gets no client. Configured
 * from the environment (`embeddingCacheConfig`) unless `options` are given, e.g. by tests.
 * nestjs-redis' own ready/error logging is off: the cache logs once per state change instead.
 * Both modules close the client at application shutdown (`app.enableShutdownHooks()`).
 */
export function registerEmbeddingCacheRedis(options?: EmbeddingCacheModuleOptions): DynamicModule {
  const redisOptions = (cache: EmbeddingCacheModuleOptions): RedisModuleOptions => ({
    readyLog: false,
    errorLog: false,
    config: buildTopologyRegistration(cache).redisModule,
  });
  const clusterOptions = (cache: EmbeddingCacheModuleOptions): ClusterModuleOptions => ({
    readyLog: false,
    errorLog: false,
    config: buildTopologyRegistration(cache).clusterModule,
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
