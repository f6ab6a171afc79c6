import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { MAX_CONTENT_HASH_LENGTH } from '../vector-store.constants';

/** `token` when it is a string of 1-256 characters; `InvalidArgumentError` otherwise (the token is not repeated). */
export function checkIngestToken(token: unknown): string {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_CONTENT_HASH_LENGTH) {
    throw new InvalidArgumentError(`ingestToken must be a string of 1-${MAX_CONTENT_HASH_LENGTH} characters`);
  }
  return token;
}
