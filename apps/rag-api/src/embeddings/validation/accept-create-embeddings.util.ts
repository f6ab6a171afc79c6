import { isIn, isInt, isString, max, maxLength, min, minLength } from 'class-validator';
import { CreateEmbeddingsDto, ENCODING_FORMATS } from '../dto/create-embeddings.dto';
import type { EmbeddingInputConstraint } from './embedding-input.constraint';

/** Keys that class-transformer or Nest's pipe treat specially; a body holding one takes the full path. */
const SPECIAL_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The fast path of the global ValidationPipe for `POST /v1/embeddings`, the hot route: the
 * `CreateEmbeddingsDto` that class-transformer and class-validator would make of `body`, or `null`
 * when `body` is not plainly valid. It only ever accepts: whatever it does not accept (an invalid
 * field, a `null` optional field, an unusual object) goes through class-validator as before, so
 * every error and its message still come from there. Each rule is class-validator's own function
 * for the DTO's decorator (and the same `EmbeddingInputConstraint` instance for `input`); the
 * property test (accept-create-embeddings.util.spec.ts) checks that it never accepts what
 * class-validator refuses and that what it returns equals the pipe's result.
 *
 * Hand-written rather than a compiled schema because the decorators are the contract (OpenAPI
 * and messages come from them) and a second schema could drift; this is ~20 lines reusing their
 * functions. class-validator's metadata walk and class-transformer's copy cost ~25 µs per request.
 */
export function acceptCreateEmbeddings(body: unknown, input: EmbeddingInputConstraint): CreateEmbeddingsDto | null {
  if (typeof body !== 'object' || body === null || Object.getPrototypeOf(body) !== Object.prototype) return null;
  const fields = body as Record<string, unknown>;
  if (!Object.hasOwn(fields, 'input')) return null;
  const dto = new CreateEmbeddingsDto();
  for (const key in fields) {
    if (SPECIAL_KEYS.has(key) || !Object.hasOwn(fields, key)) return null;
    const value = fields[key];
    switch (key) {
      case 'input':
        if (!input.validate(value)) return null;
        dto.input = Array.isArray(value) ? [...(value as string[])] : (value as string);
        break;
      case 'model':
        if (!isString(value) || !minLength(value, 1) || !maxLength(value, 256)) return null;
        dto.model = value;
        break;
      case 'encoding_format':
        if (!isIn(value, ENCODING_FORMATS as unknown as unknown[])) return null;
        dto.encoding_format = value as CreateEmbeddingsDto['encoding_format'];
        break;
      case 'dimensions':
        if (!isInt(value) || !min(value, 1) || !max(value, 8192)) return null;
        dto.dimensions = value as number;
        break;
      case 'user':
        if (!isString(value) || !maxLength(value, 256)) return null;
        dto.user = value;
        break;
      default:
        // Unknown fields are dropped, as the whitelist does.
        break;
    }
  }
  return dto;
}
