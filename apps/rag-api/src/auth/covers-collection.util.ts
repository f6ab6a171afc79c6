import { ALL_COLLECTIONS } from './auth.constants';
import type { ApiKey } from './interfaces/api-key.interface';

/** Whether `key` may use `collection` (its `collections` name it, or are `["*"]`). */
export function coversCollection(key: ApiKey, collection: string): boolean {
  return key.collections.includes(ALL_COLLECTIONS) || key.collections.includes(collection);
}
