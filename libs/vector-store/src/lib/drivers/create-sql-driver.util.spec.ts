import { createSqlDriver } from './create-sql-driver.util';
import { PgDriver } from './pg.driver';
import { PGliteDriver } from './pglite.driver';

afterEach(() => jest.restoreAllMocks());

describe('createSqlDriver', () => {
  it('uses pg when a database URL is given (no connection until the first query)', async () => {
    const driver = await createSqlDriver({ databaseUrl: 'postgres://rag:hunter2@127.0.0.1:1/rag', path: '.data/pglite', poolSize: 3 });
    expect(driver).toBeInstanceOf(PgDriver);
    expect(driver).toMatchObject({ kind: 'pg', location: 'postgres://rag:***@127.0.0.1:1/rag' });
    await driver.close();
    await driver.close();
  });

  it('uses PGlite at the path otherwise', async () => {
    const fake = { kind: 'pglite' } as unknown as PGliteDriver;
    const create = jest.spyOn(PGliteDriver, 'create').mockResolvedValue(fake);
    await expect(createSqlDriver({ path: '/tmp/data', poolSize: 10 })).resolves.toBe(fake);
    expect(create).toHaveBeenCalledWith({ dataDir: '/tmp/data' });
  });
});
