import { InvalidProviderOutputError } from '../src/lib/errors/invalid-provider-output.error';
import { ProviderError } from '../src/lib/errors/provider.error';
import { OpenAIEmbeddingProvider } from '../src/lib/providers/openai/openai-embedding.provider';
import type { OpenAIEmbeddingProviderOptions } from '../src/lib/providers/openai/openai-embedding-provider-options.interface';
import { FakeOpenAIServer } from '../src/testing';

// Real SDK, real HTTP on 127.0.0.1, OpenAI-compatible fake server (src/testing/fake-openai-server.ts).
const KEY = 'sk-e2e-TOPSECRET-9f8e7d';

let server: FakeOpenAIServer;

function provider(options: Partial<OpenAIEmbeddingProviderOptions> = {}): OpenAIEmbeddingProvider {
  return new OpenAIEmbeddingProvider({ apiKey: KEY, baseURL: server.baseURL, maxRetries: 3, ...options });
}

function plain(vectors: ArrayLike<number>[]): number[][] {
  return vectors.map((vector) => Array.from(vector));
}

beforeAll(async () => {
  server = await FakeOpenAIServer.start({ apiKey: KEY });
});

afterEach(() => {
  server.reset();
  server.ignoreEncodingFormat = false;
  server.latencyMs = 0;
});

afterAll(async () => {
  await server.close();
});

describe('OpenAIEmbeddingProvider against an OpenAI-compatible HTTP server', () => {
  it('(a) asks for base64 on the wire and returns the float32 vectors the server computed', async () => {
    const texts = ['Hello world', 'Retrieval augmented generation', 'ünïcødé 東京'];
    const embedder = provider();

    const vectors = await embedder.embed(texts);

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ model: 'text-embedding-3-small', encodingFormat: 'base64', input: texts });
    expect(server.requests[0].dimensions).toBeUndefined();
    expect(vectors.every((vector) => vector instanceof Float32Array && vector.length === 1536)).toBe(true);
    expect(plain(vectors)).toEqual(plain(texts.map((text) => server.vectorFor(text))));
    expect(embedder.dimensions).toBe(1536);
  });

  it('(b) also accepts float arrays from a server that ignores encoding_format', async () => {
    server.ignoreEncodingFormat = true;
    const texts = ['float one', 'float two'];

    const vectors = await provider().embed(texts);

    expect(server.requests[0].encodingFormat).toBe('base64');
    expect(plain(vectors)).toEqual(plain(texts.map((text) => server.vectorFor(text))));
  });

  it('gets dense vectors from a fake started with dense: every element non-zero, unit length, the same for the same text', async () => {
    const dense = await FakeOpenAIServer.start({ apiKey: KEY, dense: true });
    try {
      const texts = ['dense one', 'dense two'];
      const vectors = await new OpenAIEmbeddingProvider({ apiKey: KEY, baseURL: dense.baseURL, maxRetries: 0 }).embed(texts);
      expect(plain(vectors)).toEqual(plain(texts.map((text) => dense.vectorFor(text))));
      for (const vector of vectors) {
        expect(vector).toHaveLength(1536);
        expect(Array.from(vector).every((x) => x !== 0)).toBe(true);
        expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
      }
      // The sparse vector of the same text has mostly zeros: the option is what makes the difference.
      expect(Array.from(server.vectorFor('dense one')).filter((x) => x === 0).length).toBeGreaterThan(1000);
      expect(plain([dense.vectorFor('dense one')])).toEqual(plain([vectors[0]]));
    } finally {
      await dense.close();
    }
  });

  it('sends dimensions only when configured, and learns the size of an unknown model', async () => {
    const shortened = await provider({ dimensions: 256 }).embed(['short']);
    expect(server.requests[0].dimensions).toBe(256);
    expect(plain(shortened)).toEqual(plain([server.vectorFor('short', 256)]));

    const unknown = provider({ model: 'nomic-embed-text' });
    expect(unknown.dimensions).toBe(0);
    await unknown.embed(['learn me']);
    expect(unknown.dimensions).toBe(1536);
  });

  it('(c) splits 5000 texts into 3 requests of at most 2048, results in input order', async () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `text number ${i}`);

    const vectors = await provider({ dimensions: 16 }).embed(texts);

    expect(server.requests.map((request) => request.input.length)).toEqual([2048, 2048, 904]);
    expect(server.inputCount).toBe(5000);
    expect(vectors).toHaveLength(5000);
    expect(plain([vectors[0], vectors[2048], vectors[4999]])).toEqual(
      plain([server.vectorFor(texts[0], 16), server.vectorFor(texts[2048], 16), server.vectorFor(texts[4999], 16)]),
    );
    expect(plain(vectors)).toEqual(plain(texts.map((text) => server.vectorFor(text, 16))));
  });

  it('(c) splits by the token bound too (UTF-8 bytes)', async () => {
    // 50 characters but 99 UTF-8 bytes each: counting characters would send 5 per request.
    const texts = Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(50, 'é'));

    const vectors = await provider({ dimensions: 16, maxBatchTokens: 250 }).embed(texts);

    expect(server.requests.map((request) => request.input.length)).toEqual([2, 2, 2, 2, 2]);
    expect(server.requests.flatMap((request) => request.input).sort()).toEqual([...texts].sort());
    expect(plain(vectors)).toEqual(plain(texts.map((text) => server.vectorFor(text, 16))));
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    server.latencyMs = 20;
    const texts = Array.from({ length: 10 }, (_, i) => `parallel ${i}`);

    const vectors = await provider({ dimensions: 16, maxBatchSize: 1, concurrency: 3 }).embed(texts);

    expect(server.requestCount).toBe(10);
    expect(server.maxConcurrency).toBe(3);
    expect(plain(vectors)).toEqual(plain(texts.map((text) => server.vectorFor(text, 16))));
  });

  it('(d) retries a 429 and succeeds', async () => {
    server.failNext({ status: 429, message: 'Rate limit reached for requests' });

    const vectors = await provider().embed(['retry me']);

    expect(server.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(plain(vectors)).toEqual(plain([server.vectorFor('retry me')]));
  });

  it('(e) surfaces a 500 that lasts through every retry as ProviderError with the status and message', async () => {
    server.failNext({ status: 500, message: 'The server had an error while processing your request' }, 10);

    const failure = provider({ maxRetries: 2 }).embed(['doomed']);

    await expect(failure).rejects.toThrow(ProviderError);
    await expect(failure).rejects.toMatchObject({
      code: 'EMBEDDINGS_PROVIDER_ERROR',
      status: 500,
      providerMessage: 'The server had an error while processing your request',
      model: 'text-embedding-3-small',
    });
    expect(server.requestCount).toBe(3);
  });

  it('does not retry a 400 and reports the server message', async () => {
    const failure = provider().embed(['fine', '']);

    await expect(failure).rejects.toMatchObject({ status: 400, providerMessage: expect.stringContaining("'$.input' is invalid") });
    expect(server.requestCount).toBe(1);
  });

  it('reports a timeout as ProviderError without status, long before the server answers', async () => {
    server.latencyMs = 1_000;
    const started = Date.now();

    const failure = provider({ timeoutMs: 50, maxRetries: 0 }).embed(['slow']);

    // Outside Jest the message is the SDK's "Request timed out."; under Jest the SDK cannot recognise
    // the AbortError (it comes from another realm) and reports a connection error instead.
    await expect(failure).rejects.toMatchObject({ status: undefined, providerMessage: expect.stringMatching(/timed out|Connection error/) });
    expect(Date.now() - started).toBeLessThan(800);
  });

  it.each([
    ['nan', 'vector 1 holds NaN at element 0'],
    ['infinity', 'vector 1 holds Infinity at element 0'],
    ['zeros', 'vector 1 is all zeros'],
    ['wrong-dims', 'returned 1535-dimensional vectors, expected 1536'],
    ['missing-vector', 'response has 1 embeddings for 2 inputs'],
  ] as const)('rejects an answer with a %s vector as InvalidProviderOutputError, without retrying it', async (corruption, problem) => {
    server.corruptNext(corruption);

    const failure = provider().embed(['fine text', 'corrupted text']);

    await expect(failure).rejects.toThrow(InvalidProviderOutputError);
    await expect(failure).rejects.toMatchObject({ status: undefined, problem: expect.stringContaining(problem) });
    expect(server.requestCount).toBe(1);
    await expect(provider().embed(['fine text', 'corrupted text'])).resolves.toHaveLength(2);
  });

  it('rejects a NaN from a gateway answering float arrays (JSON has no NaN: it arrives as null)', async () => {
    server.ignoreEncodingFormat = true;
    server.corruptNext('nan');
    await expect(provider().embed(['a', 'b'])).rejects.toMatchObject({ problem: expect.stringContaining('embedding 1 is neither base64 float32 nor an array of numbers') });
  });

  it('(f) sends the key as Bearer and never puts it in an error message', async () => {
    await provider().embed(['authorised']);
    expect(server.requests[0].authorization).toBe(`Bearer ${KEY}`);

    // The fake quotes the wrong key it received in full; pretend this key is also the one configured.
    const wrongKey = `${KEY}-wrong`;
    const rejected = new OpenAIEmbeddingProvider({ apiKey: wrongKey, baseURL: server.baseURL }).embed(['x']);
    await expect(rejected).rejects.toMatchObject({ status: 401, providerMessage: 'Incorrect API key provided: ***.' });
    await expect(rejected).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining(KEY) }));

    const closed = await FakeOpenAIServer.start();
    const unreachableURL = closed.baseURL;
    await closed.close();
    const unreachable = new OpenAIEmbeddingProvider({ apiKey: KEY, baseURL: unreachableURL, maxRetries: 0 }).embed(['x']);
    await expect(unreachable).rejects.toMatchObject({ status: undefined, providerMessage: expect.stringContaining('ECONNREFUSED') });
    await expect(unreachable).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining(KEY) }));
  });
});
