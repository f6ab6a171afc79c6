import type { Request, Response } from 'express';
import { MALFORMED_PATH_SEGMENTS, pathEncodingMiddleware } from './path-encoding.middleware';

function run(url: string): { url: string; malformed: unknown } {
  const req = { url } as Request;
  const res = { locals: {} } as Response;
  const next = jest.fn();
  pathEncodingMiddleware(req, res, next);
  expect(next).toHaveBeenCalledWith();
  return { url: req.url, malformed: res.locals[MALFORMED_PATH_SEGMENTS] };
}

describe('pathEncodingMiddleware', () => {
  it.each(['/v1/documents/a%20b', '/v1/documents/x%00y', '/health', '/v1/documents/a?collection=%FF', '/v1/documents/%E4%B8%AD'])('leaves %s alone', (url) => {
    expect(run(url)).toEqual({ url, malformed: undefined });
  });

  it('re-encodes a segment that is not UTF-8 so that it decodes to its raw text, and records it', () => {
    expect(run('/v1/documents/x%ED%A0%80y?collection=c')).toEqual({
      url: '/v1/documents/x%25ED%25A0%2580y?collection=c',
      malformed: new Set(['x%ED%A0%80y']),
    });
    expect(decodeURIComponent('x%25ED%25A0%2580y')).toBe('x%ED%A0%80y');
  });

  it('records every such segment', () => {
    expect(run('/a/%FF/b/%C0%').malformed).toEqual(new Set(['%FF', '%C0%']));
  });
});
