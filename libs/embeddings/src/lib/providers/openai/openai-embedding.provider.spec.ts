import { inspect } from 'node:util';
import { InvalidEmbeddingInputError } from '../../errors/invalid-embedding-input.error';
import { InvalidEmbeddingsConfigError } from '../../errors/invalid-embeddings-config.error';
import { InvalidProviderOutputError } from '../../errors/invalid-provider-output.error';
import { ProviderError } from '../../errors/provider.error';
import { OpenAIEmbeddingProvider } from './openai-embedding.provider';

// No network: the SDK's global fetch is replaced before each provider is built (it captures fetch then).
const KEY = 'sk-unit-SECRET-42';
const fetchMock = jest.spyOn(globalThis, 'fetch');

function base64Of(values: number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

function reply(body: unknown, status = 200): void {
  fetchMock.mockImplementation(async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
}

function sentBody(call = 0): Record<string, unknown> {
  const init = fetchMock.mock.calls[call][1] as RequestInit;
  return JSON.parse(String(init.body)) as Record<string, unknown>;
}

function build(options: Partial<ConstructorParameters<typeof OpenAIEmbeddingProvider>[0]> = {}): OpenAIEmbeddingProvider {
  return new OpenAIEmbeddingProvider({ apiKey: KEY, baseURL: 'http://gateway.invalid/v1', maxRetries: 0, ...options });
}

afterEach(() => fetchMock.mockReset());
afterAll(() => fetchMock.mockRestore());

describe('OpenAIEmbeddingProvider', () => {
  describe('dimensions', () => {
    it.each([
      ['text-embedding-3-small', 1536],
      ['text-embedding-3-large', 3072],
      ['text-embedding-ada-002', 1536],
      ['nomic-embed-text', 0],
    ])('knows the native size of %s (%d; 0 = learned later)', (model, dimensions) => {
      expect(build({ model }).dimensions).toBe(dimensions);
    });

    it('prefers the configured size', () => {
      expect(build({ model: 'text-embedding-3-large', dimensions: 256 }).dimensions).toBe(256);
    });

    it('learns the size of an unknown model from its first response', async () => {
      reply({ data: [{ index: 0, embedding: base64Of([1, 0, 0]) }] });
      const provider = build({ model: 'bge-small' });
      await provider.embed(['a']);
      expect(provider.dimensions).toBe(3);
    });
  });

  it('defaults to text-embedding-3-small', () => {
    expect(build().model).toBe('text-embedding-3-small');
  });

  it('sends model, input array and base64 encoding, and dimensions only when set', async () => {
    reply({ data: [{ index: 0, embedding: base64Of([1, 2]) }] });
    await build({ model: 'm' }).embed(['one']);
    expect(sentBody()).toEqual({ model: 'm', input: ['one'], encoding_format: 'base64' });

    await build({ model: 'm', dimensions: 2 }).embed(['one']);
    expect(sentBody(1)).toEqual({ model: 'm', input: ['one'], encoding_format: 'base64', dimensions: 2 });
    expect(String(fetchMock.mock.calls[0][0])).toBe('http://gateway.invalid/v1/embeddings');
  });

  it('decodes base64 and float answers and orders them by index', async () => {
    reply({
      data: [
        { index: 1, embedding: [0.25, 0.5] },
        { index: 0, embedding: base64Of([1.5, -2]) },
      ],
    });
    const vectors = await build({ model: 'm' }).embed(['first', 'second']);
    expect(vectors.map((vector) => Array.from(vector))).toEqual([
      [1.5, -2],
      [0.25, 0.5],
    ]);
    expect(vectors[0]).toBeInstanceOf(Float32Array);
  });

  it('embeds an empty list without any request', async () => {
    await expect(build().embed([])).resolves.toEqual([]);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('rejects non-string input before any request', async () => {
    await expect(build().embed([null as unknown as string])).rejects.toThrow(InvalidEmbeddingInputError);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it.each([
    ['too few embeddings', { data: [] }, 'response has 0 embeddings for 1 inputs'],
    ['no data array', { object: 'list' }, 'response has no data array for 1 inputs'],
    ['an index out of range', { data: [{ index: 3, embedding: [1, 2] }] }, 'invalid or duplicate index 3'],
    ['an undecodable embedding', { data: [{ index: 0, embedding: 'abc' }] }, 'embedding 0 is neither base64 float32 nor an array of numbers'],
    ['a vector of the wrong size', { data: [{ index: 0, embedding: [1, 2, 3] }] }, 'returned 3-dimensional vectors, expected 2'],
    ['a NaN', { data: [{ index: 0, embedding: base64Of([0.5, Number.NaN]) }] }, 'vector 0 holds NaN at element 1'],
    ['an Infinity', { data: [{ index: 0, embedding: base64Of([Number.NEGATIVE_INFINITY, 0.5]) }] }, 'vector 0 holds -Infinity at element 0'],
    ['an all-zero vector', { data: [{ index: 0, embedding: base64Of([0, 0]) }] }, 'vector 0 is all zeros'],
  ])('rejects a response with %s as an InvalidProviderOutputError (a ProviderError without status)', async (_label, body, problem) => {
    reply(body);
    const failure = build({ model: 'm', dimensions: 2 }).embed(['x']);
    await expect(failure).rejects.toThrow(InvalidProviderOutputError);
    await expect(failure).rejects.toThrow(ProviderError);
    await expect(failure).rejects.toMatchObject({ status: undefined, problem: expect.stringContaining(problem) });
  });

  it('checks every batch of a call, not only the first', async () => {
    fetchMock.mockImplementation(async (_url, init) => {
      const { input } = JSON.parse(String((init as RequestInit).body)) as { input: string[] };
      const embedding = input[0] === 'bad' ? base64Of([0, 0]) : base64Of([1, 0]);
      return new Response(JSON.stringify({ data: input.map((_, index) => ({ index, embedding })) }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    const failure = build({ model: 'm', dimensions: 2, maxBatchSize: 1 }).embed(['good', 'bad']);
    await expect(failure).rejects.toThrow(InvalidProviderOutputError);
  });

  it('maps an API error to ProviderError with its status and message, without the key', async () => {
    reply({ error: { message: `Incorrect API key provided: ${KEY}`, type: 'invalid_request_error' } }, 401);
    const failure = build().embed(['x']);
    await expect(failure).rejects.toMatchObject({
      code: 'EMBEDDINGS_PROVIDER_ERROR',
      status: 401,
      providerMessage: 'Incorrect API key provided: ***',
    });
    await expect(failure).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining(KEY) }));
  });

  it('does not retry a 400', async () => {
    reply({ error: { message: "'$.input' is invalid." } }, 400);
    await expect(build({ maxRetries: 3 }).embed([''])).rejects.toMatchObject({ status: 400 });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('never shows the API key when inspected', () => {
    expect(inspect(build(), { depth: 10 })).not.toContain(KEY);
  });

  it.each([
    [{ apiKey: '' }, 'apiKey must be a non-empty string without whitespace'],
    [{ baseURL: 'gateway:8080' }, 'baseURL must be an http:// or https:// URL (got "gateway:8080")'],
    [{ baseURL: '/v1' }, 'baseURL must be an http:// or https:// URL (got "<unparseable URL>")'],
    [{ model: ' ' }, 'model must be a non-empty string'],
    [{ dimensions: 0 }, 'dimensions must be an integer from 1 to 8192 (got 0)'],
    [{ maxRetries: 11 }, 'maxRetries must be an integer from 0 to 10 (got 11)'],
    [{ timeoutMs: 0 }, 'timeoutMs must be an integer from 1 to 600000'],
    [{ maxBatchSize: 2049 }, 'maxBatchSize must be an integer from 1 to 2048'],
    [{ maxBatchTokens: 0 }, 'maxBatchTokens must be an integer from 1 to 300000'],
    [{ concurrency: 0 }, 'concurrency must be an integer from 1 to 64'],
  ])('rejects options %j naming the option', (options, message) => {
    expect(() => build(options)).toThrow(InvalidEmbeddingsConfigError);
    expect(() => build(options)).toThrow(message);
  });
});
