import { PgDriver } from './pg.driver';

// The pool connects on the first query only: these drivers never touch a server.
describe('PgDriver location', () => {
  it.each([
    ['postgresql://rag:hunter2@db:5432/rag', 'postgresql://rag:***@db:5432/rag'],
    ['postgres://db/rag?user=rag&password=hunter2', 'postgres://db/rag?user=rag&password=***'],
    ['postgres://rag@db/rag', 'postgres://rag@db/rag'],
  ])('logs %s as %s (a password in the user info or the query hidden)', async (connectionString, location) => {
    const driver = new PgDriver({ connectionString });
    expect(driver.location).toBe(location);
    await driver.close();
  });

  it('never shows input it cannot parse, which may still hold a secret', async () => {
    const driver = new PgDriver({ connectionString: 'rag:hunter2@db' });
    expect(driver.location).toBe('<unparseable URL>');
    await driver.close();
  });
});
