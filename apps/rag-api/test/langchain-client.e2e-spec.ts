import { OpenAIEmbeddings } from '@langchain/openai';
import type { ClientsFixture } from './support/openai-clients';
import { MAX_INPUT_CHARS, countsDelta, distinctTexts, floatEmbeddings, servedCounts, startClientsFixture } from './support/openai-clients';

// @langchain/openai 1.5.x as a user writes it (README, "any OpenAI client"): base URL and a key
// only, so its defaults are what rag-api must serve: model "text-embedding-ada-002" (an alias),
// batchSize 512 with 2 batches in flight, newlines replaced by spaces (stripNewLines), and the
// base64 encoding the openai SDK it wraps (v6) asks for when none is given.
describe('LangChain OpenAIEmbeddings against a spawned rag-api (base URL + key only)', () => {
  let fixture: ClientsFixture;
  const langchain = () => new OpenAIEmbeddings({ apiKey: 'unused', configuration: { baseURL: fixture.baseURL } });

  beforeAll(async () => {
    fixture = await startClientsFixture();
  }, 90_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  beforeEach(() => {
    fixture.requests.length = 0;
  });

  it('embedQuery sends one string, newlines replaced by spaces, with its default model and base64, and gets the float vector', async () => {
    const vector = await langchain().embedQuery('How long does the cache keep a vector?\nAnd who shares it?');
    const sent = 'How long does the cache keep a vector? And who shares it?';
    expect(fixture.requests).toEqual([{ model: 'text-embedding-ada-002', input: sent, encoding_format: 'base64' }]);
    expect(vector).toHaveLength(384);
    expect(vector).toEqual((await floatEmbeddings(fixture.apiUrl, [sent]))[0]);
  });

  it('embedDocuments of 2,000 texts: batches of 512, vectors equal to a float request, and the second call is all cache hits', async () => {
    const texts = distinctTexts('langchain batch', 2000);
    const before = await servedCounts(fixture.apiUrl);
    const vectors = await langchain().embedDocuments(texts);
    const afterFirst = await servedCounts(fixture.apiUrl);
    expect(countsDelta(before, afterFirst)).toEqual({ hits: 0, misses: 2000, errors: 0, ok: 4, rejected: 0 });
    // Two batches are in flight at once (maxConcurrency 2), so they may arrive in any order.
    expect(fixture.requests.map((body) => body.input.length).sort((a, b) => b - a)).toEqual([512, 512, 512, 464]);
    expect(new Set(fixture.requests.flatMap((body) => body.input))).toEqual(new Set(texts));
    expect(new Set(fixture.requests.map((body) => `${body.model} ${body.encoding_format}`))).toEqual(new Set(['text-embedding-ada-002 base64']));
    expect(vectors).toEqual(await floatEmbeddings(fixture.apiUrl, texts));

    const beforeSecond = await servedCounts(fixture.apiUrl);
    const again = await langchain().embedDocuments(texts);
    expect(countsDelta(beforeSecond, await servedCounts(fixture.apiUrl))).toEqual({ hits: 2000, misses: 0, errors: 0, ok: 4, rejected: 0 });
    expect(again).toEqual(vectors);
  });

  it("an over-long input rejects with rag-api's 400 and its message, after one request", async () => {
    const text = 'x'.repeat(MAX_INPUT_CHARS + 1);
    const before = await servedCounts(fixture.apiUrl);
    // Default retries: a client that retried the 400 would show as a second rejection below.
    await expect(langchain().embedQuery(text)).rejects.toMatchObject({
      status: 400,
      message: `400 input is longer than ${MAX_INPUT_CHARS} characters (${MAX_INPUT_CHARS + 1}); split it or raise EMBEDDING_MAX_INPUT_CHARS`,
    });
    await expect(langchain().embedDocuments(['fine', text])).rejects.toMatchObject({
      status: 400,
      message: `400 input[1] is longer than ${MAX_INPUT_CHARS} characters (${MAX_INPUT_CHARS + 1}); split it or raise EMBEDDING_MAX_INPUT_CHARS`,
    });
    expect(countsDelta(before, await servedCounts(fixture.apiUrl))).toMatchObject({ ok: 0, rejected: 2 });
  });
});
