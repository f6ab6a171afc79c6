import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { bodyBudgetMiddleware } from './body-budget.middleware';

/** A request whose body has all arrived by the time it is resumed. */
function request(method: string, headers: Record<string, string>): Request {
  const req = Object.assign(new EventEmitter(), { method, headers });
  return Object.assign(req, { resume: () => (setImmediate(() => req.emit('end')), req) }) as unknown as Request;
}
const bodyRead = () => new Promise((resolve) => setImmediate(resolve));

interface FakeResponse extends EventEmitter {
  headers: Record<string, string>;
  statusCode: number;
  body: unknown;
}

function response(): Response & FakeResponse {
  const res = Object.assign(new EventEmitter(), { headers: {} as Record<string, string>, statusCode: 0, body: undefined as unknown });
  const api = {
    setHeader: (name: string, value: string) => ((res.headers[name] = value), res),
    status: (code: number) => ((res.statusCode = code), res),
    json: (body: unknown) => ((res.body = body), res),
  };
  return Object.assign(res, api) as unknown as Response & FakeResponse;
}

describe('bodyBudgetMiddleware', () => {
  const MB = 1_048_576;

  it('admits bodies up to the bound, refuses the next with 503 and Retry-After (its body discarded, not parsed), and admits again once one is served', async () => {
    const budget = bodyBudgetMiddleware(25 * MB, 10 * MB);
    const next: NextFunction = jest.fn();
    const first = response();
    const second = response();
    budget(request('POST', { 'content-length': String(10 * MB) }), first, next);
    budget(request('POST', { 'content-length': String(10 * MB) }), second, next);
    expect(next).toHaveBeenCalledTimes(2);

    const refused = response();
    budget(request('POST', { 'content-length': String(10 * MB) }), refused, next);
    await bodyRead();
    expect(next).toHaveBeenCalledTimes(2);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers).toEqual({ 'Retry-After': '1' });
    expect(refused.body).toMatchObject({ error: { type: 'service_unavailable', code: 'server_busy' } });

    first.emit('close');
    budget(request('POST', { 'content-length': String(10 * MB) }), response(), next);
    expect(next).toHaveBeenCalledTimes(3);
  });

  it('counts a chunked body as the body limit, lets GETs and empty bodies through, and always admits a lone body', async () => {
    const budget = bodyBudgetMiddleware(1 * MB, 10 * MB);
    const next: NextFunction = jest.fn();
    budget(request('POST', { 'transfer-encoding': 'chunked' }), response(), next);
    budget(request('GET', {}), response(), next);
    budget(request('POST', { 'content-length': '0' }), response(), next);
    expect(next).toHaveBeenCalledTimes(3);
    const refused = response();
    budget(request('POST', { 'content-length': '10' }), refused, next);
    await bodyRead();
    expect(refused.statusCode).toBe(503);
  });
});
