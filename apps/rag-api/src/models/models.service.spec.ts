import { NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import { ModelsService } from './models.service';

describe('ModelsService', () => {
  const embeddings = { model: 'local-hash-v1', modelAliases: ['text-embedding-ada-002', 'text-embedding-3-small'] };
  let service: ModelsService;
  let bootedAt: number;

  beforeEach(async () => {
    bootedAt = Math.floor(Date.now() / 1000);
    const moduleRef = await Test.createTestingModule({
      providers: [ModelsService, { provide: EmbeddingsService, useValue: embeddings }],
    }).compile();
    service = moduleRef.get(ModelsService);
  });

  it('lists the served model first, then each alias, in the OpenAI shape with one fixed created time', () => {
    const list = service.list();

    expect(list.object).toBe('list');
    expect(list.data.map((model) => model.id)).toEqual(['local-hash-v1', 'text-embedding-ada-002', 'text-embedding-3-small']);
    for (const model of list.data) {
      expect(model).toEqual({ id: model.id, object: 'model', created: list.data[0].created, owned_by: 'rag-api' });
    }
    expect(list.data[0].created).toBeGreaterThanOrEqual(bootedAt);
    expect(list.data[0].created).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('keeps created fixed across calls', async () => {
    const first = service.list().data[0].created;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(service.get('local-hash-v1').created).toBe(first);
  });

  it('gets the served model and an alias by exact id', () => {
    expect(service.get('local-hash-v1')).toMatchObject({ id: 'local-hash-v1', object: 'model' });
    expect(service.get('text-embedding-3-small')).toMatchObject({ id: 'text-embedding-3-small', object: 'model' });
  });

  it.each(['gpt-4o', 'LOCAL-HASH-V1', 'local-hash-v1 '])('throws a 404 model_not_found for %j', (id) => {
    expect(() => service.get(id)).toThrow(NotFoundException);
    expect(() => service.get(id)).toThrow(expect.objectContaining({
      response: {
        message: `model ${JSON.stringify(id)} does not exist; this server serves "local-hash-v1" (GET /v1/models lists every name)`,
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      },
    }));
  });
});
