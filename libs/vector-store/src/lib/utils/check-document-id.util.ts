import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { MAX_DOCUMENT_ID_LENGTH } from '../vector-store.constants';

/** `id` when it is a string of 1-1024 characters; `InvalidArgumentError` otherwise. */
export function checkDocumentId(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_DOCUMENT_ID_LENGTH) {
    throw new InvalidArgumentError(`id must be a string of 1-${MAX_DOCUMENT_ID_LENGTH} characters (got ${JSON.stringify(id)})`);
  }
  return id;
}
