import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { InvalidVectorStoreConfigError } from './errors/invalid-vector-store-config.error';
import { registerVectorStore } from './register-vector-store.util';

const MODEL = 'MODEL_OF_VECTORS';

@Module({ providers: [{ provide: MODEL, useValue: { model: 'mystery-embed', dimensions: 0 } }], exports: [MODEL] })
class UnknownSizeModelModule {}

describe('registerVectorStore', () => {
  it('registers the store globally', () => {
    expect(registerVectorStore(MODEL).global).toBe(true);
  });

  it('fails at boot, naming EMBEDDING_DIMENSIONS and the model, when the model size is unknown', async () => {
    const boot = Test.createTestingModule({
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), { module: UnknownSizeModelModule, global: true }, registerVectorStore(MODEL)],
    }).compile();

    await expect(boot).rejects.toThrow(InvalidVectorStoreConfigError);
    await expect(boot).rejects.toThrow('EMBEDDING_DIMENSIONS must be set: the vector size of model "mystery-embed" is not known');
  });
});
