import { InvalidEmbeddingInputError } from '../../errors/invalid-embedding-input.error';
import { InvalidEmbeddingsConfigError } from '../../errors/invalid-embeddings-config.error';
import { LocalEmbeddingProvider } from './local-embedding.provider';

const provider = new LocalEmbeddingProvider();

function cosine(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, value, i) => sum + value * b[i], 0);
}

function norm(vector: Float32Array): number {
  return Math.sqrt(cosine(vector, vector));
}

describe('LocalEmbeddingProvider', () => {
  it('is local-hash-v1 with 384 dimensions', () => {
    expect(provider.model).toBe('local-hash-v1');
    expect(provider.dimensions).toBe(384);
  });

  it('is deterministic across calls and instances', async () => {
    const [first] = await provider.embed(['Retrieval augmented generation']);
    const [second] = await new LocalEmbeddingProvider().embed(['Retrieval augmented generation']);
    expect(Array.from(second)).toEqual(Array.from(first));
  });

  it('returns one unit-length 384-dim vector per text, in input order', async () => {
    const texts = ['alpha', 'beta gamma', 'Ünïcödé ταχύτητα 東京 मनोज', ''];
    const vectors = await provider.embed(texts);
    expect(vectors).toHaveLength(4);
    vectors.forEach((vector, i) => {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(384);
      expect(Math.abs(norm(vector) - 1)).toBeLessThan(1e-6);
      expect(Array.from(vector)).toEqual(Array.from(provider.embedSync(texts[i])));
    });
  });

  it('gives different texts different vectors', () => {
    expect(cosine(provider.embedSync('the cat'), provider.embedSync('the dog'))).toBeLessThan(0.99);
  });

  it('scores texts sharing words above unrelated texts', () => {
    const query = provider.embedSync('how do embedding caches work');
    const related = provider.embedSync('Embedding caches: how they work in Redis');
    const unrelated = provider.embedSync('the weather in Lisbon is sunny');
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.3);
  });

  it('matches shared stems through character 3-grams', () => {
    const stem = cosine(provider.embedSync('embedding'), provider.embedSync('embeddings'));
    expect(stem).toBeGreaterThan(0.3);
    expect(stem).toBeLessThan(1);
  });

  it('handles non-ASCII text: case, NFKC composition and scripts with combining marks', () => {
    expect(cosine(provider.embedSync('CAFÉ Ωmega'), provider.embedSync('café ωmega'))).toBeCloseTo(1, 6);
    expect(cosine(provider.embedSync('cafe\u0301'), provider.embedSync('café'))).toBeCloseTo(1, 6);
    const tokyo = provider.embedSync('東京に住んでいる');
    expect(cosine(tokyo, provider.embedSync('東京に住んでいます'))).toBeGreaterThan(cosine(tokyo, provider.embedSync('大阪の天気')) + 0.15);
    expect(cosine(provider.embedSync('नमस्ते दुनिया'), provider.embedSync('नमस्ते'))).toBeGreaterThan(0.5);
  });

  it('gives every text without words the same unit vector on dimension 0', () => {
    const empty = provider.embedSync('');
    expect(empty[0]).toBe(1);
    expect(norm(empty)).toBe(1);
    expect(Array.from(provider.embedSync('  \n\t '))).toEqual(Array.from(empty));
    expect(Array.from(provider.embedSync('?!…'))).toEqual(Array.from(empty));
  });

  it('embeds an empty list as an empty list', async () => {
    await expect(provider.embed([])).resolves.toEqual([]);
  });

  it('rejects non-string input naming the index', async () => {
    await expect(provider.embed(['ok', 42 as unknown as string])).rejects.toThrow(InvalidEmbeddingInputError);
    await expect(provider.embed(['ok', 42 as unknown as string])).rejects.toThrow('texts[1] must be a string (got number)');
  });

  it('takes another size for test doubles, under another model id', () => {
    const small = new LocalEmbeddingProvider({ dimensions: 8 });
    expect(small.model).toBe('local-hash-v1-d8');
    expect(small.embedSync('hello world')).toHaveLength(8);
    expect(() => new LocalEmbeddingProvider({ dimensions: 0 })).toThrow(InvalidEmbeddingsConfigError);
  });
});
