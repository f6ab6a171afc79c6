import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
// A subpath export, typed by libs/vector-store's pglite-vector.d.ts (listed in tsconfig.lib.json).
import { vector } from '@electric-sql/pglite/vector';
import { startPgMultiplexer } from './pg-multiplexer';

/** A PGlite (with pgvector) served over the PostgreSQL wire protocol on 127.0.0.1. */
export interface TestPgServer {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`. */
  url: string;
  /** Stops the server and closes the database. */
  stop(): Promise<void>;
}

/**
 * Starts an in-memory PGlite with the vector extension behind `@electric-sql/pglite-socket` on a
 * free loopback port, so the `pg` driver can be tested against a real wire server.
 *
 * The server executes one connection's statements at a time, so clients use a pool of one
 * connection. It still accepts a few connections: `pg` destroys a client whose query failed and
 * opens a new one before the server has processed the old socket's close, and with the server's
 * default `maxConnections: 1` that new connection is refused ("Connection terminated unexpectedly").
 *
 * With `multiplex: true`, clients connect to a `startPgMultiplexer` front instead, which lends the
 * one session to a client per transaction: for several processes (rag-api and workers) at once.
 */
export async function startPgliteServer(options: { multiplex?: boolean } = {}): Promise<TestPgServer> {
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  const front = options.multiplex ? await startPgMultiplexer(host, Number(port)) : undefined;
  return {
    url: front?.url ?? `postgresql://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await front?.close();
      await server.stop();
      await db.close();
    },
  };
}
