import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { embeddingsConfig } from '../src/lib/config/embeddings.config';
import { EMBEDDING_PROVIDER } from '../src/lib/embeddings.constants';
import { EmbeddingsModule } from '../src/lib/embeddings.module';
import type { EmbeddingProvider } from '../src/lib/interfaces/embedding-provider.interface';
import { FakeOpenAIServer } from '../src/testing';

let server: FakeOpenAIServer;
const savedEnv = { ...process.env };

async function boot(env: Record<string, string>): Promise<TestingModule> {
  process.env = { ...savedEnv, ...env };
  return Test.createTestingModule({
    imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), EmbeddingsModule.forRootAsync(embeddingsConfig.asProvider())],
  }).compile();
}

beforeAll(async () => {
  server = await FakeOpenAIServer.start({ dimensions: 768 });
});

afterEach(() => {
  process.env = { ...savedEnv };
  server.reset();
});

afterAll(async () => {
  await server.close();
});

describe('EmbeddingsModule wired from the environment', () => {
  it('talks to a keyless gateway with EMBEDDING_PROVIDER=openai and OPENAI_BASE_URL, sending a placeholder key', async () => {
    const moduleRef = await boot({
      EMBEDDING_PROVIDER: 'openai',
      OPENAI_BASE_URL: server.baseURL,
      EMBEDDING_MODEL: 'nomic-embed-text',
      OPENAI_API_KEY: '',
    });
    const provider = moduleRef.get<EmbeddingProvider>(EMBEDDING_PROVIDER);

    const vectors = await provider.embed(['through the module']);

    expect(provider.model).toBe('nomic-embed-text');
    expect(provider.dimensions).toBe(768);
    expect(Array.from(vectors[0])).toEqual(Array.from(server.vectorFor('through the module')));
    expect(server.requests[0].authorization).toBe('Bearer no-api-key');
    await moduleRef.close();
  });

  it('uses the local provider without any key, making no request', async () => {
    const moduleRef = await boot({ OPENAI_API_KEY: '', EMBEDDING_PROVIDER: '', OPENAI_BASE_URL: '' });
    const provider = moduleRef.get<EmbeddingProvider>(EMBEDDING_PROVIDER);

    const vectors = await provider.embed(['offline']);

    expect(provider).toMatchObject({ model: 'local-hash-v1', dimensions: 384 });
    expect(vectors[0]).toHaveLength(384);
    expect(server.requestCount).toBe(0);
    await moduleRef.close();
  });

  it('fails at boot naming OPENAI_API_KEY when openai is forced without key or base URL', async () => {
    await expect(boot({ EMBEDDING_PROVIDER: 'openai', OPENAI_API_KEY: '', OPENAI_BASE_URL: '' })).rejects.toThrow(
      'OPENAI_API_KEY is required when EMBEDDING_PROVIDER=openai',
    );
  });
});
