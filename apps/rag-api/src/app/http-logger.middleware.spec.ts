import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { RagApiConfig } from '../config/rag-api.config';
import { httpLogger } from './http-logger.middleware';
import { httpLoggerOptions } from './logger.options';

/** A server whose every request goes through the middleware of `level`, then `handle`; log lines are collected. */
async function serve(level: RagApiConfig['logLevel'], handle: (req: IncomingMessage & { log: Logger; id: string }) => void) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = { logLevel: level, redactHeaders: ['x-internal-token'] } as RagApiConfig;
  const middleware = httpLogger(config, () => ({ ...httpLoggerOptions(config), stream }));
  const server: Server = createServer((req, res: ServerResponse) =>
    middleware(req, res, () => {
      handle(req as IncomingMessage & { log: Logger; id: string });
      res.end('ok');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/embeddings`;
  return { url, lines, middleware, close: () => new Promise((resolve) => server.close(resolve)) };
}

const headers = { authorization: 'Bearer secret-token', 'x-internal-token': 'internal-secret', 'x-request-id': 'given-id-1' };

describe('httpLogger', () => {
  it('at warn, a line logged inside a request carries the request, its id and redacted headers', async () => {
    const app = await serve('warn', (req) => req.log.warn('inside the request'));
    try {
      const res = await fetch(app.url, { headers });
      expect(res.headers.get('x-request-id')).toBe('given-id-1');
      await new Promise((resolve) => setImmediate(resolve));
      expect(app.lines).toHaveLength(1);
      expect(app.lines[0]).toMatchObject({ msg: 'inside the request', req: { id: 'given-id-1', method: 'GET', url: '/v1/embeddings' } });
      const logged = (app.lines[0]['req'] as { headers: Record<string, string> }).headers;
      expect(logged['authorization']).toBe('[Redacted]');
      expect(logged['x-internal-token']).toBe('[Redacted]');
    } finally {
      await app.close();
    }
  });

  it('at warn, a request that logs nothing builds no child logger, and still gets a generated id', async () => {
    const app = await serve('warn', () => undefined);
    const child = jest.spyOn(app.middleware.logger, 'child');
    try {
      const res = await fetch(app.url);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(child).not.toHaveBeenCalled();
      expect(app.lines).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('at info, it is pino-http: one "request completed" line per request with the id', async () => {
    const app = await serve('info', () => undefined);
    try {
      await (await fetch(app.url, { headers })).text();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(app.lines).toEqual([expect.objectContaining({ msg: 'request completed', req: expect.objectContaining({ id: 'given-id-1' }), res: { statusCode: 200, headers: expect.any(Object) } })]);
    } finally {
      await app.close();
    }
  });
});
