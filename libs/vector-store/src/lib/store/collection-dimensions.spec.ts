import { FakeSqlDriver } from '../../../test/support/fake-sql-driver';
import { DimensionMismatchError } from '../errors/dimension-mismatch.error';
import { VectorStoreSql } from '../sql/vector-store.sql';
import { CollectionDimensions } from './collection-dimensions';

const sql = new VectorStoreSql('vector_store', 4);

describe('CollectionDimensions', () => {
  it('checks only collections it knows', () => {
    const collections = new CollectionDimensions(sql, 4);
    expect(() => collections.check('wide', 8, 'search')).not.toThrow();
    collections.remember('wide', 8);
    expect(() => collections.check('wide', 8, 'search')).not.toThrow();
    expect(() => collections.check('wide', 4, 'search')).toThrow(
      'Dimension mismatch on collection "wide" (search): it holds 8-dimensional vectors, got 4',
    );
  });

  it('ensure creates the collection, reads its dimensions once, then refuses other dimensions', async () => {
    const driver = new FakeSqlDriver((statement) => (statement.startsWith('SELECT dims FROM') ? [{ dims: 3 }] : []));
    const collections = new CollectionDimensions(sql, 4);
    await expect(driver.transaction((tx) => collections.ensure(tx, 'small', 'upsert'))).rejects.toThrow(DimensionMismatchError);
    await expect(driver.transaction((tx) => collections.ensure(tx, 'small', 'upsert'))).rejects.toThrow(
      expect.objectContaining({ collection: 'small', expected: 3, actual: 4 }),
    );
    expect(driver.matching('INSERT INTO "vector_store".collections').map((s) => s.params)).toEqual([
      ['small', 4],
      ['small', 4],
    ]);
    expect(driver.matching('SELECT dims FROM')).toHaveLength(1);
  });

  it('exists asks the database only about collections it does not know', async () => {
    const driver = new FakeSqlDriver((_statement, params) => (params[0] === 'known' ? [{ dims: 4 }] : []));
    const collections = new CollectionDimensions(sql, 4);
    await expect(collections.exists(driver, 'missing')).resolves.toBe(false);
    await expect(collections.exists(driver, 'known')).resolves.toBe(true);
    await expect(collections.exists(driver, 'known')).resolves.toBe(true);
    expect(driver.statements.map((s) => s.params[0])).toEqual(['missing', 'known']);
    expect(collections.get('known')).toBe(4);
    expect(collections.get('missing')).toBeUndefined();
  });
});
