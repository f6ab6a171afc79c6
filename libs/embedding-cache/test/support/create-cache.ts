import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { RedisModule } from '@liaoliaots/nestjs-redis';
import { Registry } from 'prom-client';
import { EmbeddingCacheHealthIndicator } from '../../src/lib/embedding-cache.health';
import { EmbeddingCacheModule } from '../../src/lib/embedding-cache.module';
import { EmbeddingCacheService } from '../../src/lib/embedding-cache.service';
import type { EmbeddingCacheModuleOptions } from '../../src/lib/interfaces/embedding-cache-options.interface';
import { buildEmbeddingCacheRedisConfig } from '../../src/lib/redis/build-redis-config.util';
import { registerEmbeddingCacheRedis } from '../../src/lib/redis/embedding-cache-redis.module';

/** One module instance with its own Redis connection, wired as an app would wire it. */
export interface CacheInstance {
  moduleRef: TestingModule;
  cache: EmbeddingCacheService;
  health: EmbeddingCacheHealthIndicator;
  registry: Registry;
  close(): Promise<void>;
}

export async function createCache(url: string, options: EmbeddingCacheModuleOptions = {}): Promise<CacheInstance> {
  const registry = new Registry();
  // L1 off unless a test asks for it: these tests observe Redis itself.
  const resolved: EmbeddingCacheModuleOptions = { url, registry, l1MaxMb: 0, ...options };
  const moduleRef = await Test.createTestingModule({
    imports: [
      RedisModule.forRoot({ readyLog: false, errorLog: false, config: [buildEmbeddingCacheRedisConfig(resolved)] }),
      EmbeddingCacheModule.forRoot(resolved),
    ],
  }).compile();
  await moduleRef.init();
  return {
    moduleRef,
    cache: moduleRef.get(EmbeddingCacheService),
    health: moduleRef.get(EmbeddingCacheHealthIndicator),
    registry,
    close: () => moduleRef.close(),
  };
}

/**
 * Like `createCache`, for any topology: the client is registered with
 * `registerEmbeddingCacheRedis(options)`, exactly as the apps do (RedisModule for standalone
 * and sentinel, ClusterModule for cluster).
 */
export async function createCacheFor(options: EmbeddingCacheModuleOptions): Promise<CacheInstance> {
  const registry = new Registry();
  const resolved: EmbeddingCacheModuleOptions = { registry, l1MaxMb: 0, ...options };
  const moduleRef = await Test.createTestingModule({
    imports: [registerEmbeddingCacheRedis(resolved), EmbeddingCacheModule.forRoot(resolved)],
  }).compile();
  await moduleRef.init();
  return {
    moduleRef,
    cache: moduleRef.get(EmbeddingCacheService),
    health: moduleRef.get(EmbeddingCacheHealthIndicator),
    registry,
    close: () => moduleRef.close(),
  };
}

/** A deterministic pseudo-random vector (values like real embeddings, |x| < 0.2). */
export function vectorFor(seed: string, dims = 8): number[] {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return Array.from({ length: dims }, (_, i) => {
    h = Math.imul(h ^ (i + 1), 2654435761) >>> 0;
    return ((h / 2 ** 32) - 0.5) * 0.4;
  });
}
