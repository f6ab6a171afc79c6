import { BadRequestException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { ProviderBusyError } from '@rag/cached-embeddings';
import { InvalidProviderOutputError, ProviderError } from '@rag/embeddings';
import { OpenAIErrorFilter } from './openai-error.filter';

function hostFor(res: { status: jest.Mock; json: jest.Mock; setHeader?: jest.Mock }): ArgumentsHost {
  return { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
}

describe('OpenAIErrorFilter', () => {
  const filter = new OpenAIErrorFilter();
  let res: { status: jest.Mock; json: jest.Mock };

  beforeEach(() => {
    res = { status: jest.fn(), json: jest.fn() };
    res.status.mockReturnValue(res);
  });

  it('turns a validation error into an OpenAI invalid_request_error naming the param', () => {
    filter.catch(new BadRequestException({ message: 'input must not be empty', param: 'input' }), hostFor(res));
    expect(res.status).toHaveBeenCalledWith(400);
    expect(res.json).toHaveBeenCalledWith({
      error: { message: 'input must not be empty', type: 'invalid_request_error', param: 'input', code: null },
    });
  });

  it('maps a provider failure to 502 with the provider status and a plain message; the provider body goes to the log only', () => {
    const warn = jest.spyOn(filter['logger'], 'warn').mockImplementation(() => undefined);
    filter.catch(new ProviderError('m', 500, 'internal failure at db-primary.internal:5432'), hostFor(res));
    expect(res.status).toHaveBeenCalledWith(502);
    expect(res.json.mock.calls[0][0].error).toEqual({
      type: 'provider_error',
      code: 'provider_error',
      param: null,
      provider_status: 500,
      message: 'The embedding provider failed with HTTP 500; nothing was cached',
    });
    expect(warn.mock.calls[0][0]).toContain('db-primary.internal:5432');
  });

  it('says so plainly when the provider could not be reached (no status)', () => {
    jest.spyOn(filter['logger'], 'warn').mockImplementation(() => undefined);
    filter.catch(new ProviderError('m', undefined, 'connect ECONNREFUSED 10.0.0.7:8080'), hostFor(res));
    expect(res.json.mock.calls[0][0].error).toMatchObject({
      provider_status: null,
      message: 'The embedding provider could not be reached or gave no answer; nothing was cached',
    });
    expect(JSON.stringify(res.json.mock.calls[0][0])).not.toContain('10.0.0.7');
  });

  it('maps an invalid vector from the provider to 502 with a plain message, and logs the details only', () => {
    const warn = jest.spyOn(filter['logger'], 'warn').mockImplementation(() => undefined);
    filter.catch(new InvalidProviderOutputError('m', 'vector 3 holds NaN at element 17'), hostFor(res));
    expect(res.status).toHaveBeenCalledWith(502);
    expect(res.json).toHaveBeenCalledWith({
      error: {
        message: 'The embedding provider returned an invalid vector; nothing was cached',
        type: 'provider_error',
        param: null,
        code: 'provider_error',
        provider_status: null,
      },
    });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('vector 3 holds NaN at element 17'));
  });

  it('answers a provider at its bound with 503, Retry-After and the code provider_busy (nothing reached the provider)', () => {
    const busy = { ...res, setHeader: jest.fn() };
    busy.status.mockReturnValue(busy);
    filter.catch(new ProviderBusyError('the embedding provider is at its bound (8 calls running, 64 waiting); retry later', 3), hostFor(busy));
    expect(busy.status).toHaveBeenCalledWith(503);
    expect(busy.setHeader).toHaveBeenCalledWith('Retry-After', '3');
    expect(busy.json.mock.calls[0][0].error).toEqual({
      type: 'service_unavailable',
      code: 'provider_busy',
      param: null,
      message: 'the embedding provider is at its bound (8 calls running, 64 waiting); retry later',
    });
  });

  it('passes terminus health reports through unchanged', () => {
    const report = { status: 'error', info: {}, error: { embedding_cache: { status: 'down' } }, details: {} };
    filter.catch(new ServiceUnavailableException(report), hostFor(res));
    expect(res.status).toHaveBeenCalledWith(503);
    expect(res.json).toHaveBeenCalledWith(report);
  });

  it('hides unexpected errors behind a generic 500 without a stack', () => {
    jest.spyOn(filter['logger'], 'error').mockImplementation(() => undefined);
    filter.catch(new TypeError('secret internals at /srv/app.js:1'), hostFor(res));
    expect(res.status).toHaveBeenCalledWith(500);
    expect(JSON.stringify(res.json.mock.calls[0][0])).not.toContain('internals');
  });

  it('keeps the OpenAI type and code an HTTP exception sets, as for an unknown model', () => {
    filter.catch(
      new NotFoundException({ message: 'model "x" does not exist', type: 'invalid_request_error', param: 'model', code: 'model_not_found' }),
      hostFor(res),
    );
    expect(res.status).toHaveBeenCalledWith(404);
    expect(res.json).toHaveBeenCalledWith({
      error: { message: 'model "x" does not exist', type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
    });
  });

  it('keeps the status of other HTTP errors', () => {
    filter.catch(new NotFoundException('Cannot GET /nope'), hostFor(res));
    expect(res.status).toHaveBeenCalledWith(404);
    expect(res.json.mock.calls[0][0].error).toMatchObject({ type: 'not_found_error', message: 'Cannot GET /nope' });
  });
});
