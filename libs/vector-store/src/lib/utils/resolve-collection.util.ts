import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { MAX_COLLECTION_LENGTH } from '../vector-store.constants';

/** The collection a call names, or `defaultCollection`; `InvalidArgumentError` unless 1-255 characters. */
export function resolveCollection(collection: string | undefined, defaultCollection: string): string {
  const name = collection ?? defaultCollection;
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_COLLECTION_LENGTH) {
    throw new InvalidArgumentError(`collection must be a string of 1-${MAX_COLLECTION_LENGTH} characters (got ${JSON.stringify(name)})`);
  }
  return name;
}
