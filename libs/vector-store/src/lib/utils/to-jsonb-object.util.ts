import { InvalidArgumentError } from '../errors/invalid-argument.error';
import type { DocumentMetadata } from '../interfaces/document-metadata.interface';

/**
 * The JSON text of a document's metadata for a `$n::jsonb` parameter. Throws
 * `InvalidArgumentError` naming `name` unless it is a plain object that JSON can represent.
 */
export function toJsonbObject(metadata: DocumentMetadata, name = 'metadata'): string {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new InvalidArgumentError(`${name} must be a JSON object`);
  }
  let json: string;
  try {
    json = JSON.stringify(metadata);
  } catch (error) {
    throw new InvalidArgumentError(`${name} cannot be serialised as JSON: ${(error as Error).message}`, error);
  }
  // PostgreSQL's jsonb rejects the NUL character, even escaped; say so before the database does.
  if (json.includes('\\u0000')) throw new InvalidArgumentError(`${name} must not contain the NUL character (\\u0000)`);
  return json;
}
