import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
// A subpath export; typed by src/lib/drivers/pglite-vector.d.ts, which tsconfig.spec.json includes.
import { vector } from '@electric-sql/pglite/vector';

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
 */
export async function startPgliteServer(): Promise<TestPgServer> {
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
