import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { RedisService } from '@liaoliaots/nestjs-redis';
import { Registry } from 'prom-client';
import { EMBEDDING_CACHE_OPTIONS } from './embedding-cache.constants';
import { EmbeddingCacheHealthIndicator } from './embedding-cache.health';
import { EmbeddingCacheModule } from './embedding-cache.module';
import { EmbeddingCacheService } from './embedding-cache.service';
import type { EmbeddingCacheModuleOptions } from './interfaces/embedding-cache-options.interface';

const options: EmbeddingCacheModuleOptions = { enabled: false, prefix: 'spec', ttlSeconds: 60, registry: new Registry() };

@Injectable()
class OptionsFactory {
  create(): EmbeddingCacheModuleOptions {
    return options;
  }
}

@Module({ providers: [OptionsFactory, { provide: 'PREFIX', useValue: 'injected' }], exports: [OptionsFactory, 'PREFIX'] })
class OptionsModule {}

async function resolve(imports: unknown[]) {
  const moduleRef = await Test.createTestingModule({
    imports: imports as never[],
    providers: [{ provide: RedisService, useValue: { getOrThrow: jest.fn() } }],
  }).compile();
  return moduleRef;
}

describe('EmbeddingCacheModule', () => {
  it('forRoot provides the service, the health indicator and the given options', async () => {
    const moduleRef = await resolve([EmbeddingCacheModule.forRoot(options)]);
    expect(moduleRef.get(EMBEDDING_CACHE_OPTIONS)).toMatchObject({ prefix: 'spec', ttlSeconds: 60 });
    expect(moduleRef.get(EmbeddingCacheService)).toBeInstanceOf(EmbeddingCacheService);
    expect(moduleRef.get(EmbeddingCacheHealthIndicator)).toBeInstanceOf(EmbeddingCacheHealthIndicator);
  });

  it('forRootAsync with useFactory', async () => {
    const moduleRef = await resolve([EmbeddingCacheModule.forRootAsync({ useFactory: () => options })]);
    expect(moduleRef.get(EMBEDDING_CACHE_OPTIONS)).toBe(options);
  });

  it('forRootAsync with useFactory and inject', async () => {
    const moduleRef = await resolve([
      EmbeddingCacheModule.forRootAsync({
        imports: [OptionsModule],
        inject: ['PREFIX'],
        useFactory: (prefix: string) => ({ ...options, prefix }),
      }),
    ]);
    expect(moduleRef.get(EMBEDDING_CACHE_OPTIONS)).toMatchObject({ prefix: 'injected' });
    expect(moduleRef.get(EmbeddingCacheService).makeKey('m', 't')).toMatch(/^injected:[0-9a-f]{64}$/);
  });

  it('forRootAsync with useClass', async () => {
    class Factory {
      create(): EmbeddingCacheModuleOptions {
        return { ...options, prefix: 'from-class' };
      }
    }
    const moduleRef = await resolve([EmbeddingCacheModule.forRootAsync({ useClass: Factory })]);
    expect(moduleRef.get(EMBEDDING_CACHE_OPTIONS)).toMatchObject({ prefix: 'from-class' });
  });

  it('forRootAsync with useExisting', async () => {
    const moduleRef = await resolve([
      EmbeddingCacheModule.forRootAsync({ imports: [OptionsModule], useExisting: OptionsFactory }),
    ]);
    expect(moduleRef.get(EMBEDDING_CACHE_OPTIONS)).toBe(options);
  });

  it('isGlobal makes the module global', () => {
    expect(EmbeddingCacheModule.forRoot({ ...options, isGlobal: true }).global).toBe(true);
    expect(EmbeddingCacheModule.forRoot(options).global).toBe(false);
  });

  it('fails at boot naming the option when forRoot gets a bad value', async () => {
    await expect(resolve([EmbeddingCacheModule.forRoot({ ...options, ttlSeconds: 0 })])).rejects.toThrow(
      'ttlSeconds must be an integer',
    );
  });
});
