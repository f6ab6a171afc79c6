import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { ProviderError } from '../../errors/provider.error';
import { toProviderError } from './to-provider-error.util';

const KEY = 'sk-test-0123456789';

function statusError(status: number, body: object | undefined, text?: string): APIError {
  return APIError.generate(status, body, text, new Headers());
}

describe('toProviderError', () => {
  it('keeps the status and the OpenAI-style error message', () => {
    const cause = statusError(429, { error: { message: 'Rate limit reached', type: 'requests' } });
    const error = toProviderError(cause, 'text-embedding-3-small', KEY);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'EMBEDDINGS_PROVIDER_ERROR', status: 429, providerMessage: 'Rate limit reached', cause });
    expect(error.message).toBe('Embedding provider failed for model "text-embedding-3-small" (HTTP 429): Rate limit reached');
  });

  it('takes a string `error` as the message (Ollama, TEI)', () => {
    expect(toProviderError(statusError(400, { error: 'input too long' }), 'm', KEY).providerMessage).toBe('input too long');
  });

  it('falls back to the SDK message without its status prefix, or the plain-text body', () => {
    expect(toProviderError(statusError(502, undefined), 'm', KEY).providerMessage).toBe('status code (no body)');
    expect(toProviderError(statusError(503, undefined, 'upstream down'), 'm', KEY).providerMessage).toBe('upstream down');
  });

  it('describes connection errors with their causes and no status', () => {
    const cause = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    const error = toProviderError(new APIConnectionError({ cause }), 'm', KEY);
    expect(error.status).toBeUndefined();
    expect(error.providerMessage).toBe('Connection error.: fetch failed: connect ECONNREFUSED 127.0.0.1:9');
    expect(error.message).toContain('(no HTTP status)');
    expect(toProviderError(new APIConnectionTimeoutError(), 'm', KEY).providerMessage).toBe('Request timed out.');
  });

  it('redacts the API key a gateway echoes back', () => {
    const error = toProviderError(statusError(401, { error: { message: `Incorrect API key provided: ${KEY}` } }), 'm', KEY);
    expect(error.message).not.toContain(KEY);
    expect(error.providerMessage).toBe('Incorrect API key provided: ***');
  });

  it('wraps any other error without a status and passes a ProviderError through', () => {
    expect(toProviderError(new Error('socket hang up'), 'm', KEY)).toMatchObject({ status: undefined, providerMessage: 'socket hang up' });
    const original = new ProviderError('m', 500, 'x');
    expect(toProviderError(original, 'm', KEY)).toBe(original);
  });
});
