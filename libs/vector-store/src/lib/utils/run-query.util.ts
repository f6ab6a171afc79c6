import { toQueryError } from './to-query-error.util';

/**
 * Runs one database operation of `VectorStore`, turning a driver's failure into a
 * `VectorStoreQueryError` named after `operation` (errors of this library pass through unchanged).
 */
export async function runQuery<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toQueryError(operation, error);
  }
}
