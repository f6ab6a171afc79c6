import { isUrlWithScheme } from '@rag/config-kit';
import { POSTGRES_URL_SCHEMES } from '../vector-store.constants';

/** Whether `value` is a `postgres://` or `postgresql://` URL with a host (the rule of `DATABASE_URL`). */
export function isPostgresUrl(value: unknown): value is string {
  return isUrlWithScheme(value, POSTGRES_URL_SCHEMES);
}
