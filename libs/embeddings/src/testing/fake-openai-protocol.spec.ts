import { FakeOpenAIHttpError, parseEmbeddingRequest, toBase64, validateEmbeddingRequest } from './fake-openai-protocol';

const parse = (body: unknown) => parseEmbeddingRequest(JSON.stringify(body), 'Bearer k');

describe('fake OpenAI protocol', () => {
  it('reads a string input as one input, and a body that is not JSON as no body', () => {
    expect(parse({ model: 'm', input: 'hello' })).toMatchObject({ model: 'm', input: ['hello'], authorization: 'Bearer k', status: 0 });
    expect(parseEmbeddingRequest('{not json', undefined)).toMatchObject({ body: undefined, input: [] });
  });

  it('accepts what OpenAI accepts, defaulting to floats', () => {
    expect(validateEmbeddingRequest(parse({ model: 'm', input: ['a', 'b'], dimensions: 8 }))).toEqual({
      model: 'm',
      input: ['a', 'b'],
      format: 'float',
      dimensions: 8,
    });
  });

  it.each([
    [undefined, 'We could not parse the JSON body'],
    [{ input: ['a'] }, 'you must provide a model parameter'],
    [{ model: 'm', input: ['a', ''] }, "'$.input' is invalid"],
    [{ model: 'm', input: Array.from({ length: 2049 }, () => 'a') }, 'at most 2048 inputs per request'],
    [{ model: 'm', input: ['a'], encoding_format: 'hex' }, `Invalid value for 'encoding_format': "hex"`],
    [{ model: 'm', input: ['a'], dimensions: 0 }, "Invalid value for 'dimensions': 0"],
  ])('refuses %j with a 400', (body, message) => {
    const request = body === undefined ? parseEmbeddingRequest('nope', undefined) : parse(body);
    expect(() => validateEmbeddingRequest(request)).toThrow(expect.objectContaining({ status: 400, message: expect.stringContaining(message) }));
    expect(() => validateEmbeddingRequest(request)).toThrow(FakeOpenAIHttpError);
  });

  it('writes base64 vectors as little-endian float32', () => {
    const bytes = Buffer.from(toBase64(new Float32Array([1, -0.5])), 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([1, -0.5]);
  });
});
