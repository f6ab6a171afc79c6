import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import express from 'express';
import { BODY_BUDGET_DRAIN_MAX_BYTES, bodyBudgetMiddleware } from './body-budget.middleware';

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

  it('admits bodies up to the bound, refuses the next with 503 and Retry-After (a small body discarded, not parsed), and admits again once one is served', async () => {
    const budget = bodyBudgetMiddleware(20 * MB, 10 * MB);
    const next: NextFunction = jest.fn();
    const first = response();
    const second = response();
    budget(request('POST', { 'content-length': String(10 * MB) }), first, next);
    budget(request('POST', { 'content-length': String(10 * MB) }), second, next);
    expect(next).toHaveBeenCalledTimes(2);

    const refused = response();
    budget(request('POST', { 'content-length': String(BODY_BUDGET_DRAIN_MAX_BYTES) }), refused, next);
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

  it('answers a refused large body at once without reading it, then closes the connection; the client still sending it reads the 503', async () => {
    // A real server: what is at stake is what Node does with the unread bytes and the socket.
    const app = express();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const sockets: Socket[] = [];
    app.use(bodyBudgetMiddleware(10 * MB, 10 * MB));
    // The first request is in the handler (its budget taken) before the second is sent, and is
    // answered once released and its body wholly read: no sleep that a loaded machine outlasts.
    let arrived: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => (arrived = resolve));
    app.post('/', (req, res) => {
      arrived();
      const read = new Promise((resolve) => req.once('end', resolve));
      req.resume();
      void Promise.all([held, read]).then(() => res.status(200).end('done'));
    });
    const server = app.listen(0, '127.0.0.1');
    server.on('connection', (socket: Socket) => sockets.push(socket));
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const post = (body: Buffer) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        });
        // Only an error before the answer fails the call (the connection is closed once the answer was read).
        req.on('error', reject);
        req.end(body);
      });
    try {
      const admitted = post(Buffer.alloc(6 * MB, 0x20));
      await inHandler;
      const refused = await post(Buffer.alloc(8 * MB, 0x20));
      expect(refused.status).toBe(503);
      expect(refused.headers).toMatchObject({ 'retry-after': '1', connection: 'close' });
      expect(JSON.parse(refused.body)).toMatchObject({ error: { type: 'service_unavailable', code: 'server_busy' } });
      release();
      expect((await admitted).status).toBe(200);
      // The refused connection read its headers and a socket buffer or two, not its 8 MB.
      const bytesRead = sockets.map((socket) => socket.bytesRead);
      expect(bytesRead).toHaveLength(2);
      expect(Math.min(...bytesRead)).toBeLessThan(1 * MB);
      expect(Math.max(...bytesRead)).toBeGreaterThan(6 * MB);
    } finally {
      release();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
