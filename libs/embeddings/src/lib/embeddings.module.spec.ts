import { Injectable, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { embeddingsConfig } from './config/embeddings.config';
import { EMBEDDING_PROVIDER, EMBEDDINGS_OPTIONS } from './embeddings.constants';
import { EmbeddingsModule } from './embeddings.module';
import type { EmbeddingProvider } from './interfaces/embedding-provider.interface';
import type { EmbeddingsModuleOptions } from './interfaces/embeddings-module-options.interface';
import { LocalEmbeddingProvider } from './providers/local/local-embedding.provider';
import { OpenAIEmbeddingProvider } from './providers/openai/openai-embedding.provider';

const openaiOptions: EmbeddingsModuleOptions = { apiKey: 'sk-test', model: 'text-embedding-3-large' };

@Injectable()
class OptionsFactory {
  create(): EmbeddingsModuleOptions {
    return openaiOptions;
  }
}

@Module({ providers: [OptionsFactory, { provide: 'MODEL', useValue: 'custom-model' }], exports: [OptionsFactory, 'MODEL'] })
class OptionsModule {}

async function resolve(imports: unknown[]) {
  return Test.createTestingModule({ imports: imports as never[] }).compile();
}

describe('EmbeddingsModule', () => {
  it('forRoot provides the chosen provider under EMBEDDING_PROVIDER, and the options', async () => {
    const moduleRef = await resolve([EmbeddingsModule.forRoot(openaiOptions)]);
    const provider = moduleRef.get<EmbeddingProvider>(EMBEDDING_PROVIDER);
    expect(provider).toBeInstanceOf(OpenAIEmbeddingProvider);
    expect(provider).toMatchObject({ model: 'text-embedding-3-large', dimensions: 3072 });
    expect(moduleRef.get(EMBEDDINGS_OPTIONS)).toMatchObject(openaiOptions);
    await moduleRef.close();
  });

  it('forRoot with no key gives the local provider', async () => {
    const moduleRef = await resolve([EmbeddingsModule.forRoot({})]);
    expect(moduleRef.get(EMBEDDING_PROVIDER)).toBeInstanceOf(LocalEmbeddingProvider);
    await moduleRef.close();
  });

  it('forRootAsync with useFactory', async () => {
    const moduleRef = await resolve([EmbeddingsModule.forRootAsync({ useFactory: () => ({ provider: 'local' as const }) })]);
    expect(moduleRef.get(EMBEDDING_PROVIDER)).toBeInstanceOf(LocalEmbeddingProvider);
    await moduleRef.close();
  });

  it('forRootAsync with useFactory and inject', async () => {
    const moduleRef = await resolve([
      EmbeddingsModule.forRootAsync({
        imports: [OptionsModule],
        inject: ['MODEL'],
        useFactory: (model: string) => ({ apiKey: 'sk-test', model, dimensions: 256 }),
      }),
    ]);
    expect(moduleRef.get(EMBEDDING_PROVIDER)).toMatchObject({ model: 'custom-model', dimensions: 256 });
    await moduleRef.close();
  });

  it('forRootAsync with useClass', async () => {
    const moduleRef = await resolve([EmbeddingsModule.forRootAsync({ useClass: OptionsFactory })]);
    expect(moduleRef.get(EMBEDDING_PROVIDER)).toBeInstanceOf(OpenAIEmbeddingProvider);
    await moduleRef.close();
  });

  it('forRootAsync with useExisting', async () => {
    const moduleRef = await resolve([EmbeddingsModule.forRootAsync({ imports: [OptionsModule], useExisting: OptionsFactory })]);
    expect(moduleRef.get(EMBEDDINGS_OPTIONS)).toBe(openaiOptions);
    await moduleRef.close();
  });

  it('forRootAsync(embeddingsConfig.asProvider()) reads the environment', async () => {
    const saved = { ...process.env };
    process.env['OPENAI_API_KEY'] = 'sk-from-env';
    process.env['EMBEDDING_MODEL'] = 'text-embedding-ada-002';
    try {
      const moduleRef = await resolve([
        ConfigModule.forRoot({ ignoreEnvFile: true }),
        EmbeddingsModule.forRootAsync(embeddingsConfig.asProvider()),
      ]);
      expect(moduleRef.get(EMBEDDING_PROVIDER)).toMatchObject({ model: 'text-embedding-ada-002', dimensions: 1536 });
      await moduleRef.close();
    } finally {
      process.env = saved;
    }
  });

  it('isGlobal makes the module global', () => {
    expect(EmbeddingsModule.forRoot({ isGlobal: true }).global).toBe(true);
    expect(EmbeddingsModule.forRoot({}).global).toBe(false);
  });

  it('fails at boot naming the option', async () => {
    await expect(resolve([EmbeddingsModule.forRoot({ provider: 'openai' })])).rejects.toThrow('apiKey (OPENAI_API_KEY) is required');
  });
});
