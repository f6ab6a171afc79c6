import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EmbeddingCacheModule } from '@rag/embedding-cache';
import { EmbeddingsModule } from '@rag/embeddings';
import type { EmbeddingsModuleOptions } from '@rag/embeddings';
import { CachedEmbedder } from './cached-embedder.service';
import { EMBEDDING_CACHE_MODEL } from './cached-embeddings.constants';
import { CachedEmbeddingsModule } from './cached-embeddings.module';

@Module({ providers: [{ provide: 'MODEL', useValue: 'custom-model' }], exports: ['MODEL'] })
class OptionsModule {}

async function boot(embeddings: ReturnType<typeof EmbeddingsModule.forRoot>) {
  return Test.createTestingModule({
    imports: [embeddings, EmbeddingCacheModule.forRoot({ enabled: false, isGlobal: true }), CachedEmbeddingsModule],
  }).compile();
}

describe('CachedEmbeddingsModule', () => {
  it('provides a CachedEmbedder over the global provider and cache, keyed by the provider model', async () => {
    const moduleRef = await boot(EmbeddingsModule.forRoot({ isGlobal: true }));
    const embedder = moduleRef.get(CachedEmbedder);

    const { vectors } = await embedder.embed(['through the module']);

    expect(moduleRef.get(EMBEDDING_CACHE_MODEL)).toBe('local-hash-v1');
    expect(embedder).toMatchObject({ model: 'local-hash-v1', cacheModel: 'local-hash-v1' });
    expect(vectors[0]).toHaveLength(384);
    await moduleRef.close();
  });

  it('adds configured dimensions to the cache model id, since they change the vectors', async () => {
    const moduleRef = await boot(
      EmbeddingsModule.forRootAsync({
        isGlobal: true,
        imports: [OptionsModule],
        inject: ['MODEL'],
        useFactory: (model: string): EmbeddingsModuleOptions => ({ apiKey: 'sk-test', model, dimensions: 256 }),
      }),
    );

    expect(moduleRef.get(EMBEDDING_CACHE_MODEL)).toBe('custom-model@256');
    expect(moduleRef.get(CachedEmbedder).cacheModel).toBe('custom-model@256');
    await moduleRef.close();
  });
});
