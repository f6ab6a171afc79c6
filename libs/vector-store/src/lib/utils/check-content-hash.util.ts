import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { MAX_CONTENT_HASH_LENGTH } from '../vector-store.constants';

/** `hash` when it is a string of 1-256 characters, `null` when absent; `InvalidArgumentError` otherwise. */
export function checkContentHash(hash: unknown): string | null {
  if (hash === undefined || hash === null) return null;
  if (typeof hash !== 'string' || hash.length === 0 || hash.length > MAX_CONTENT_HASH_LENGTH) {
    throw new InvalidArgumentError(`contentHash must be a string of 1-${MAX_CONTENT_HASH_LENGTH} characters or null`);
  }
  return hash;
}
