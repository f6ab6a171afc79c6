import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { VectorStoreQueryError } from '../errors/vector-store-query.error';
import { runQuery } from './run-query.util';

describe('runQuery', () => {
  it('resolves with what the operation gives', async () => {
    await expect(runQuery('ping', async () => 42)).resolves.toBe(42);
  });

  it('wraps a driver error as VectorStoreQueryError named after the operation', async () => {
    const cause = Object.assign(new Error('terminating connection'), { code: '57P01' });
    await expect(
      runQuery('search', async () => {
        throw cause;
      }),
    ).rejects.toThrow(expect.objectContaining({ operation: 'search', sqlState: '57P01', cause }));
    await expect(
      runQuery('search', async () => {
        throw cause;
      }),
    ).rejects.toThrow(VectorStoreQueryError);
  });

  it('lets errors of this library pass unchanged', async () => {
    const error = new InvalidArgumentError('topK must be an integer');
    await expect(
      runQuery('search', async () => {
        throw error;
      }),
    ).rejects.toBe(error);
  });
});
