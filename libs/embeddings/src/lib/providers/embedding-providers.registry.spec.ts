import { loadEmbeddingsOptions } from '../config/embeddings.config';
import type { EmbeddingProviderDefinition } from '../interfaces/embedding-provider-definition.interface';
import { EMBEDDING_PROVIDERS, EMBEDDING_PROVIDER_NAMES } from './embedding-providers.registry';
import { selectEmbeddingProvider } from './select-embedding-provider.util';

const rows: readonly EmbeddingProviderDefinition[] = EMBEDDING_PROVIDERS;
const quiet = { log: jest.fn(), warn: jest.fn() };

describe('EMBEDDING_PROVIDERS', () => {
  it('names each provider once, in registry order', () => {
    expect(EMBEDDING_PROVIDER_NAMES).toEqual(['openai', 'local']);
    expect(new Set(EMBEDDING_PROVIDER_NAMES).size).toBe(rows.length);
  });

  it('has exactly one fallback row (without selectedBy)', () => {
    expect(rows.filter((row) => row.selectedBy === undefined).map((row) => row.name)).toEqual(['local']);
  });

  it.each(rows.filter((row) => row.selectedBy !== undefined).map((row) => [row.name, row] as const))(
    '%s: its selecting variable is one of its own and sets its selecting option',
    (name, row) => {
      const { env: variable, option } = row.selectedBy!;
      expect(Object.keys(new row.env!())).toContain(variable);

      const options = loadEmbeddingsOptions({ [variable]: 'chosen-by-this' }, quiet);

      expect(options).toMatchObject({ provider: name, [option]: 'chosen-by-this' });
    },
  );
});

describe('selectEmbeddingProvider', () => {
  const nothingSet = () => false;

  it('takes the named row, whatever is set', () => {
    expect(selectEmbeddingProvider('local', () => true)?.name).toBe('local');
    expect(selectEmbeddingProvider('openai', nothingSet)?.name).toBe('openai');
  });

  it('finds no row for an unknown name', () => {
    expect(selectEmbeddingProvider('cohere', () => true)).toBeUndefined();
  });

  it('unnamed: the first row whose selecting setting is present, else the fallback', () => {
    expect(selectEmbeddingProvider(undefined, (selector) => selector.option === 'apiKey')?.name).toBe('openai');
    expect(selectEmbeddingProvider(undefined, nothingSet)?.name).toBe('local');
  });
});
