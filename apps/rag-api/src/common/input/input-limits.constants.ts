import type { JsonBodyRules } from './interfaces/json-body-rules.interface';

/**
 * Most levels of arrays and objects in a request body, the body itself being level 1. OpenAI's
 * and this API's bodies need 3 (`{"input": ["…"]}`); deeper ones only cost: Nest's validation
 * recurses through the body and overflows the stack past about 2,000 levels (a 500 on every
 * route), and checking a limit before parsing also spares the parse of a 10 MB `[[[[…`.
 */
export const MAX_BODY_DEPTH = 32;

/**
 * Most levels of arrays and objects in `metadata` (documents) and `filter` (retrieval), the
 * field's own object being level 1. Metadata is stored as jsonb under a GIN index: PGlite fails
 * at about 1,000 levels (`memory access out of bounds`) and hung the process that ingested it;
 * 16 leaves a wide margin and is more than any metadata schema needs.
 */
export const MAX_METADATA_DEPTH = 16;

/** Top-level body fields with their own depth limit (see `MAX_METADATA_DEPTH`). */
export const DEPTH_LIMITED_FIELDS: ReadonlyMap<string, number> = new Map([
  ['metadata', MAX_METADATA_DEPTH],
  ['filter', MAX_METADATA_DEPTH],
]);

/**
 * Object keys refused anywhere in a body. Nest's ValidationPipe deletes them silently (they could
 * pollute prototypes), which turned `filter: {"prototype": "v2"}` into no filter at all.
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** The rules every JSON request body is checked against before it is parsed (`verifyJsonBody`). */
export const JSON_BODY_RULES: JsonBodyRules = { maxDepth: MAX_BODY_DEPTH, fieldMaxDepth: DEPTH_LIMITED_FIELDS, reservedKeys: RESERVED_KEYS };
