import type { NextFunction, Request, Response } from 'express';
import { jsonContentTypeMiddleware } from './json-content-type.middleware';

function requestOf(method: string, headers: Record<string, string>): Request {
  return { method, headers } as unknown as Request;
}

describe('jsonContentTypeMiddleware', () => {
  let res: { status: jest.Mock; json: jest.Mock };
  let next: jest.Mock;

  beforeEach(() => {
    res = { status: jest.fn(), json: jest.fn() };
    res.status.mockReturnValue(res);
    next = jest.fn();
  });

  const run = (method: string, headers: Record<string, string>): void =>
    jsonContentTypeMiddleware(requestOf(method, headers), res as unknown as Response, next as NextFunction);

  it.each([
    ['application/json', { 'content-type': 'application/json', 'content-length': '2' }],
    ['application/json with a charset', { 'content-type': 'application/json; charset=utf-8', 'content-length': '2' }],
    ['upper case', { 'content-type': 'Application/JSON', 'content-length': '2' }],
    ['no body and no content type (validation then names the missing field)', { 'content-length': '0' }],
    ['no body, no length and no content type', {}],
  ])('lets a POST through: %s', (_name, headers) => {
    run('POST', headers);
    expect(next).toHaveBeenCalledWith();
    expect(res.status).not.toHaveBeenCalled();
  });

  it.each([
    ['a form', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '11' }, 'application/x-www-form-urlencoded'],
    ['text/plain', { 'content-type': 'text/plain', 'content-length': '5' }, 'text/plain'],
    ['a JSON-looking suffix type', { 'content-type': 'application/vnd.api+json', 'content-length': '2' }, 'application/vnd.api+json'],
    ['text/plain without a body', { 'content-type': 'text/plain', 'content-length': '0' }, 'text/plain'],
  ])('answers 415 for %s, naming the expected and the given type', (_name, headers, given) => {
    run('POST', headers);
    expect(next).not.toHaveBeenCalled();
    expect(res.status).toHaveBeenCalledWith(415);
    expect(res.json).toHaveBeenCalledWith({
      error: { message: `request body must be application/json (got "${given}")`, type: 'invalid_request_error', param: 'body', code: null },
    });
  });

  it.each<Record<string, string>>([{ 'content-length': '11' }, { 'transfer-encoding': 'chunked' }])('answers 415 for a body without a content type: %j', (headers) => {
    run('POST', headers);
    expect(res.status).toHaveBeenCalledWith(415);
    expect(res.json.mock.calls[0][0].error.message).toBe('request body must be application/json (got no Content-Type)');
  });

  it.each(['GET', 'DELETE', 'HEAD', 'OPTIONS'])('ignores %s requests', (method) => {
    run(method, { 'content-type': 'text/plain', 'content-length': '5' });
    expect(next).toHaveBeenCalledWith();
  });
});
