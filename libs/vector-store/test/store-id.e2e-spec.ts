import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGliteDriver } from '../src/lib/drivers/pglite.driver';
import { readStoreId } from '../src/lib/store-id/read-store-id.util';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('readStoreId (PGlite on disk)', () => {
  let dir: string;

  const open = async (name: string): Promise<PGliteDriver> => {
    const driver = await PGliteDriver.create({ dataDir: join(dir, name) });
    await driver.query('CREATE SCHEMA IF NOT EXISTS "vector_store"');
    return driver;
  };

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'store-id-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a UUID once and reads the same one back, after a reopen too', async () => {
    const first = await open('one');
    const id = await readStoreId(first, 'vector_store');
    expect(id).toMatch(UUID);
    await expect(readStoreId(first, 'vector_store')).resolves.toBe(id);
    await first.close();

    const reopened = await open('one');
    await expect(readStoreId(reopened, 'vector_store')).resolves.toBe(id);
    const { rows } = await reopened.query<{ n: number }>('SELECT count(*)::int AS n FROM "vector_store".store_info');
    expect(rows[0].n).toBe(1);
    await reopened.close();
  }, 60_000);

  it('gives two data directories two ids', async () => {
    const [one, two] = await Promise.all([open('a'), open('b')]);
    const ids = await Promise.all([readStoreId(one, 'vector_store'), readStoreId(two, 'vector_store')]);
    expect(ids[0]).not.toBe(ids[1]);
    await Promise.all([one.close(), two.close()]);
  }, 60_000);

  it('answers concurrent first reads with one id', async () => {
    const driver = await open('concurrent');
    const ids = await Promise.all(Array.from({ length: 5 }, () => readStoreId(driver, 'vector_store')));
    expect(new Set(ids).size).toBe(1);
    await driver.close();
  }, 60_000);
});
