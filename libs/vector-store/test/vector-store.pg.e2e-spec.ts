import { PgDriver } from '../src/lib/drivers/pg.driver';
import { startPgliteServer } from '@rag/test-utils';
import type { TestPgServer } from '@rag/test-utils';
import { describeVectorStoreContract } from './support/vector-store-contract';

let server: TestPgServer;

beforeAll(async () => {
  server = await startPgliteServer();
});

afterAll(async () => {
  await server.stop();
});

describeVectorStoreContract('PgDriver over the PostgreSQL wire protocol (pglite-socket, pool of one)', {
  // pglite-socket runs one connection's statements at a time: a larger pool hangs on parallel queries.
  open: async () => new PgDriver({ connectionString: server.url, poolSize: 1 }),
  close: (driver) => driver.close(),
});
