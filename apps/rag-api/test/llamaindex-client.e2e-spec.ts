import { OpenAIEmbedding } from '@llamaindex/openai';
import type { ClientsFixture } from './support/openai-clients';
import { MAX_INPUT_CHARS, countsDelta, distinctTexts, floatEmbeddings, servedCounts, startClientsFixture } from './support/openai-clients';

// @llamaindex/openai 0.4.x as a user writes it (README, "any OpenAI client"): base URL and a key
// only, so its defaults are what rag-api must serve: model "text-embedding-ada-002" (an alias),
// embedBatchSize 10, and the base64 encoding the openai SDK it wraps (v5) asks for.
describe('LlamaIndex OpenAIEmbedding against a spawned rag-api (base URL + key only)', () => {
  let fixture: ClientsFixture;
  const llamaindex = () => new OpenAIEmbedding({ baseURL: fixture.baseURL, apiKey: 'unused' });

  beforeAll(async () => {
    fixture = await startClientsFixture();
  }, 90_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  beforeEach(() => {
    fixture.requests.length = 0;
  });

  it('getQueryEmbedding sends the text as it is (newlines kept) with its default model and base64, and gets the float vector', async () => {
    const text = 'How long does the cache keep a vector?\nAnd who shares it?';
    const vector = await llamaindex().getQueryEmbedding({ type: 'text', text });
    expect(fixture.requests).toEqual([{ model: 'text-embedding-ada-002', input: [text], encoding_format: 'base64' }]);
    const [float] = await floatEmbeddings(fixture.apiUrl, [text]);
    expect(vector).toHaveLength(384);
    expect(vector).toEqual(float);
  });

  it('getTextEmbeddingsBatch of 2,000 texts: 200 requests of 10, vectors equal to a float request, and the second call is all cache hits', async () => {
    const texts = distinctTexts('llamaindex batch', 2000);
    const before = await servedCounts(fixture.apiUrl);
    const vectors = await llamaindex().getTextEmbeddingsBatch(texts);
    const afterFirst = await servedCounts(fixture.apiUrl);
    expect(countsDelta(before, afterFirst)).toEqual({ hits: 0, misses: 2000, errors: 0, ok: 200, rejected: 0 });
    expect(fixture.requests.map((body) => body.input.length)).toEqual(Array.from({ length: 200 }, () => 10));
    expect(fixture.requests.flatMap((body) => body.input)).toEqual(texts);
    expect(new Set(fixture.requests.map((body) => `${body.model} ${body.encoding_format}`))).toEqual(new Set(['text-embedding-ada-002 base64']));
    expect(vectors).toEqual(await floatEmbeddings(fixture.apiUrl, texts));

    const beforeSecond = await servedCounts(fixture.apiUrl);
    const again = await llamaindex().getTextEmbeddingsBatch(texts);
    expect(countsDelta(beforeSecond, await servedCounts(fixture.apiUrl))).toEqual({ hits: 2000, misses: 0, errors: 0, ok: 200, rejected: 0 });
    expect(again).toEqual(vectors);
  });

  it("an over-long input rejects with rag-api's 400 and its message, after one request", async () => {
    const text = 'x'.repeat(MAX_INPUT_CHARS + 1);
    const before = await servedCounts(fixture.apiUrl);
    // Default retries: a client that retried the 400 would show as a second rejection below.
    await expect(llamaindex().getTextEmbedding(text)).rejects.toMatchObject({
      status: 400,
      message: `400 input[0] is longer than ${MAX_INPUT_CHARS} characters (${MAX_INPUT_CHARS + 1}); split it or raise EMBEDDING_MAX_INPUT_CHARS`,
    });
    expect(countsDelta(before, await servedCounts(fixture.apiUrl))).toMatchObject({ ok: 0, rejected: 1 });
  });
});
