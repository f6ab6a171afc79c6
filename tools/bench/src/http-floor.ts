/**
 * The floor of the HTTP benchmarks: a bare `node:http` server, run as its own process (as rag-api
 * is), that reads a POST body, parses it as JSON, and answers the bytes and headers it was given
 * for that path. It does what any Node server must do for such a request and nothing else, so the
 * ratio of rag-api to it is what the framework and the service add.
 *
 * Protocol: the parent sends `{ routes: { [path]: { body: base64, headers } } }` over IPC; the
 * process answers `{ port }` once it listens on 127.0.0.1.
 */
import { createServer } from 'node:http';
import type { OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One canned answer. */
export interface FloorRoute {
  /** Response body, base64 (IPC carries JSON). */
  body: string;
  headers: Record<string, string>;
}

process.once('message', (message: { routes: Record<string, FloorRoute> }) => {
  const routes = new Map<string, { body: Buffer; headers: OutgoingHttpHeaders }>();
  for (const [path, route] of Object.entries(message.routes)) {
    const body = Buffer.from(route.body, 'base64');
    routes.set(path, { body, headers: { ...route.headers, 'content-length': body.length } });
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const route = routes.get(req.url ?? '');
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, route.headers);
      res.end(route.body);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
});
process.on('disconnect', () => process.exit(0));
