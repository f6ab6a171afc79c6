import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { RedisModule } from '@liaoliaots/nestjs-redis';
import { Registry } from 'prom-client';
import { EmbeddingCacheModule, EmbeddingCacheService, buildEmbeddingCacheRedisConfig } from '@rag/embedding-cache';
import type { EmbeddingCacheModuleOptions } from '@rag/embedding-cache';

/** An `EmbeddingCacheService` wired as an app wires it, to read imported entries back. */
export interface ReadBack {
  cache: EmbeddingCacheService;
  close(): Promise<void>;
}

/** Boots `EmbeddingCacheModule` with its own Redis client on `url` and `prefix`. */
export async function createReadBack(url: string, prefix: string): Promise<ReadBack> {
  const options: EmbeddingCacheModuleOptions = { url, prefix, registry: new Registry(), timeoutMs: 1_000 };
  const moduleRef: TestingModule = await Test.createTestingModule({
    imports: [
      RedisModule.forRoot({ readyLog: false, errorLog: false, config: [buildEmbeddingCacheRedisConfig(options)] }),
      EmbeddingCacheModule.forRoot(options),
    ],
  }).compile();
  await moduleRef.init();
  return { cache: moduleRef.get(EmbeddingCacheService), close: () => moduleRef.close() };
}
