import { InvalidArgumentError } from '../errors/invalid-argument.error';
import type { MetadataFilter } from '../interfaces/metadata-filter.interface';

/**
 * The JSON text of a metadata filter for `metadata @> $n::jsonb`, or `undefined` when there is
 * nothing to filter on. Throws `InvalidArgumentError` for a value that is not a string, a finite
 * number or a boolean (nested objects, arrays and null are not exact-match keys here).
 */
export function toJsonbFilter(filter: MetadataFilter | undefined): string | undefined {
  if (filter === undefined) return undefined;
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new InvalidArgumentError('filter must be an object of string, number or boolean values');
  }
  const entries = Object.entries(filter);
  if (entries.length === 0) return undefined;
  for (const [key, value] of entries) {
    if (key.length === 0) throw new InvalidArgumentError('filter keys must not be empty');
    const ok = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) {
      throw new InvalidArgumentError(`filter.${key} must be a string, a finite number or a boolean (got ${describe(value)})`);
    }
  }
  return JSON.stringify(filter);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value;
}
