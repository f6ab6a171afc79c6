import { VectorStoreQueryError } from '../errors/vector-store-query.error';
import { VectorStoreError } from '../errors/vector-store.error';

/**
 * Wraps a driver's error at the library boundary as `VectorStoreQueryError` (with `cause` and
 * the SQLSTATE of a database error); errors of this library pass through unchanged. `template`
 * may place the driver's message with `%s`.
 */
export function toQueryError(operation: string, error: unknown, template = '%s'): VectorStoreError {
  if (error instanceof VectorStoreError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return new VectorStoreQueryError(operation, sqlState, template.replace('%s', () => message), error);
}
