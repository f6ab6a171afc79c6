import { PgDriver } from '../src/lib/drivers/pg.driver';
import { startPgliteServer, startPostgresServer } from '@rag/test-utils';
import { describeVectorStoreContract } from './support/vector-store-contract';

/** A database the `pg` driver can reach, and how to let go of it. */
interface PgTarget {
  url: string;
  stop(): Promise<void>;
}

/**
 * The contract suite through `PgDriver` on each PostgreSQL wire server: PGlite behind pglite-socket,
 * and a real PostgreSQL with pgvector (the production path) with a pool above one.
 */
const TARGETS: Array<{ server: string; poolSize: number; start(): Promise<PgTarget> }> = [
  {
    server: 'PGlite served over the PostgreSQL wire protocol (pglite-socket)',
    // pglite-socket runs one connection's statements at a time: a larger pool hangs on parallel queries.
    poolSize: 1,
    start: () => startPgliteServer(),
  },
  {
    server: 'a real PostgreSQL with pgvector (private server)',
    poolSize: 10,
    start: async () => {
      const server = await startPostgresServer();
      return { url: await server.createDatabase('contract'), stop: () => server.stop() };
    },
  },
];

for (const { server, poolSize, start } of TARGETS) {
  describe(server, () => {
    let target: PgTarget;

    beforeAll(async () => {
      target = await start();
    });

    afterAll(async () => {
      await target?.stop();
    });

    describeVectorStoreContract(`PgDriver, pool of ${poolSize}`, {
      open: async () => new PgDriver({ connectionString: target.url, poolSize }),
      close: (driver) => driver.close(),
    });
  });
}
