import { BadRequestException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CachedEmbedder } from '@rag/cached-embeddings';
import { EMBEDDINGS_OPTIONS } from '@rag/embeddings';
import type { EmbeddingsModuleOptions } from '@rag/embeddings';
import { EmbeddingsService } from './embeddings.service';

const embed = jest.fn();
const embedder = { model: 'local-hash-v1', dimensions: 384, cacheModel: 'local-hash-v1', embed };

async function build(options?: EmbeddingsModuleOptions): Promise<EmbeddingsService> {
  const moduleRef = await Test.createTestingModule({
    providers: [
      EmbeddingsService,
      { provide: CachedEmbedder, useValue: embedder },
      ...(options ? [{ provide: EMBEDDINGS_OPTIONS, useValue: options }] : []),
    ],
  }).compile();
  return moduleRef.get(EmbeddingsService);
}

describe('EmbeddingsService', () => {
  beforeEach(() => {
    embed.mockReset();
    embed.mockResolvedValue({ vectors: [Float32Array.from([1, 0])], hits: 1, misses: 0, computed: 0 });
  });

  it('without aliases refuses another model with a message naming the one setting to change', async () => {
    const service = await build({});
    expect(() => service.assertModel('text-embedding-ada-002')).toThrow(BadRequestException);
    expect(() => service.assertModel('text-embedding-ada-002')).toThrow(
      'model "text-embedding-ada-002" is not available; this server embeds with "local-hash-v1": ' +
        'ask for "local-hash-v1", or set EMBEDDING_MODEL_ALIASES=text-embedding-ada-002',
    );
    expect(() => service.assertModel('local-hash-v1')).not.toThrow();
    expect(() => service.assertModel(undefined)).not.toThrow();
  });

  it('built without embeddings options (no aliases) still serves its own model', async () => {
    const service = await build();
    expect(service.modelAliases).toEqual([]);
    expect(() => service.assertModel('local-hash-v1')).not.toThrow();
  });

  it('accepts each alias exactly, and suggests adding a new name to the list already set', async () => {
    const service = await build({ modelAliases: ['text-embedding-ada-002'] });
    expect(service.modelAliases).toEqual(['text-embedding-ada-002']);
    expect(() => service.assertModel('text-embedding-ada-002')).not.toThrow();
    expect(() => service.assertModel('TEXT-EMBEDDING-ADA-002')).toThrow(
      'or set EMBEDDING_MODEL_ALIASES=text-embedding-ada-002,TEXT-EMBEDDING-ADA-002',
    );
  });

  it('does not suggest a name that could not be an alias', async () => {
    const service = await build({});
    expect(() => service.assertModel('my model')).toThrow(
      new BadRequestException('model "my model" is not available; this server embeds with "local-hash-v1": ask for "local-hash-v1"'),
    );
  });

  it('embeds a request naming an alias with the served model, and says so in the response', async () => {
    const service = await build({ modelAliases: ['text-embedding-ada-002'] });
    const { body } = await service.embed({ input: 'hello', model: 'text-embedding-ada-002' });
    expect(embed).toHaveBeenCalledWith(['hello'], { onBusy: 'reject' });
    expect(JSON.parse(body.toString()).model).toBe('local-hash-v1');
  });

  it('embeds a large request in slices of at most 256 k characters, one after the other, and joins them in input order', async () => {
    const service = await build({});
    const texts = Array.from({ length: 200 }, (_, i) => `${i} ${'x'.repeat(4_900)}`);
    embed.mockImplementation(async (slice: string[]) => ({
      vectors: slice.map((text) => Float32Array.from([Number(text.split(' ')[0]), 1])),
      hits: 1,
      misses: slice.length - 1,
      computed: slice.length - 1,
    }));

    const result = await service.embedTexts(texts);

    const sizes = embed.mock.calls.map(([slice]: [string[]]) => slice.reduce((sum, text) => sum + text.length, 0));
    expect(embed.mock.calls.length).toBeGreaterThan(3);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(262_144);
    expect(embed.mock.calls.flatMap(([slice]: [string[]]) => slice)).toEqual(texts);
    for (const call of embed.mock.calls) expect(call[1]).toEqual({ onBusy: 'reject' });
    expect(result.vectors.map((v) => v[0])).toEqual(texts.map((_, i) => i));
    expect(result).toMatchObject({ hits: embed.mock.calls.length, misses: 200 - embed.mock.calls.length, computed: 200 - embed.mock.calls.length });
  });

  it('embeds a small request in one call', async () => {
    const service = await build({});
    await service.embedTexts(['a', 'b']);
    expect(embed).toHaveBeenCalledTimes(1);
    expect(embed).toHaveBeenCalledWith(['a', 'b'], { onBusy: 'reject' });
  });
});
