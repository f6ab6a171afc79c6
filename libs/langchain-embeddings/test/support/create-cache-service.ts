import { Test } from '@nestjs/testing';
import { EmbeddingCacheModule, EmbeddingCacheService, registerEmbeddingCacheRedis } from '@rag/embedding-cache';
import type { EmbeddingCacheModuleOptions } from '@rag/embedding-cache';
import { Registry } from 'prom-client';

/** A real `EmbeddingCacheService` with its own Redis connection, wired as an app wires it. */
export interface CacheServiceInstance {
  cache: EmbeddingCacheService;
  close(): Promise<void>;
}

/**
 * Builds the cache from the public API of `@rag/embedding-cache`. L1 is off unless asked for,
 * so that hits prove Redis holds the entry; each instance gets its own metrics registry.
 */
export async function createCacheService(url: string, options: EmbeddingCacheModuleOptions = {}): Promise<CacheServiceInstance> {
  const resolved: EmbeddingCacheModuleOptions = { url, registry: new Registry(), l1MaxMb: 0, ...options };
  const moduleRef = await Test.createTestingModule({
    imports: [registerEmbeddingCacheRedis(resolved), EmbeddingCacheModule.forRoot(resolved)],
  }).compile();
  await moduleRef.init();
  return { cache: moduleRef.get(EmbeddingCacheService), close: () => moduleRef.close() };
}
