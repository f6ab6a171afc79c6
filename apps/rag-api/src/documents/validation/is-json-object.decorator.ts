import { ValidateBy, buildMessage } from 'class-validator';
import type { ValidationOptions } from 'class-validator';

/** Most keys a metadata object or a filter may have. */
export const MAX_METADATA_KEYS = 64;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** A JSON object (not an array, not null) of at most `MAX_METADATA_KEYS` top-level keys. */
export function IsJsonObject(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isJsonObject',
      validator: {
        validate: (value: unknown) => isPlainObject(value) && Object.keys(value).length <= MAX_METADATA_KEYS,
        defaultMessage: buildMessage((each) => `${each}$property must be a JSON object of at most ${MAX_METADATA_KEYS} keys`, options),
      },
    },
    options,
  );
}

/**
 * A retrieval filter: a JSON object of at most `MAX_METADATA_KEYS` non-empty keys whose values are
 * strings, finite numbers or booleans (matched exactly against the documents' top-level metadata).
 */
export function IsMetadataFilter(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMetadataFilter',
      validator: {
        validate: (value: unknown) =>
          isPlainObject(value) &&
          Object.keys(value).length <= MAX_METADATA_KEYS &&
          Object.entries(value).every(([key, item]) => key !== '' && isScalar(item)),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be an object of at most ${MAX_METADATA_KEYS} non-empty keys whose values are strings, numbers or booleans`,
          options,
        ),
      },
    },
    options,
  );
}
