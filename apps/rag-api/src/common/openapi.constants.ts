import type { HeadersObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CACHE_HEADER } from './cache-header.util';

/**
 * What makes any JSON body a 400 before validation (`verifyJsonBody`, `RequestInputGuard`); a
 * route's own 400 description ends with it.
 */
export const INVALID_INPUT =
  'malformed JSON or bytes that are not UTF-8; nesting deeper than 32 levels of arrays and objects (16 in `metadata` and `filter`); ' +
  'a NUL or an unpaired UTF-16 surrogate in any string or key; a `__proto__`, `constructor` or `prototype` key anywhere; ' +
  'an unknown query parameter. The message and `param` name the field (`metadata.a[0]`, `input[3]`, `filter.prototype`)';

/** Errors of every POST route, raised before routing by the body middlewares (`configureApp`). */
export const JSON_BODY_ERRORS: Record<number, string> = {
  400: `Invalid body: a field out of its rules, ${INVALID_INPUT}`,
  413: 'Body over 10 MB',
  415: 'Body not declared application/json (the message names the type given)',
  503: 'The request bodies in flight are at their bound (code server_busy, HTTP_MAX_INFLIGHT_BODY_BYTES); the body was not read; retry after Retry-After seconds',
};

/** 503 of the routes that call the embedding provider for the request (`ProviderLimiter`). */
export const PROVIDER_BUSY =
  'The embedding provider is at its bound (code provider_busy: EMBEDDING_PROVIDER_MAX_CONCURRENCY calls running and EMBEDDING_PROVIDER_MAX_QUEUE waiting, ' +
  'EMBEDDING_PROVIDER_MAX_PENDING_CHARS pending, or no slot within EMBEDDING_PROVIDER_MAX_WAIT_MS), or the bodies in flight are (code server_busy); ' +
  'nothing was sent to the provider; retry after Retry-After seconds';

/** 400 of every route that takes no body: its path and query parameters are checked (`RequestInputGuard`). */
export const INVALID_PARAMETERS: Record<number, string> = {
  400: 'An unknown query parameter, or a path or query parameter that is not valid percent-encoded UTF-8 or holds a NUL; the message and `param` name it',
};

/** The error any route can answer when something unexpected fails (logged in full, never returned). */
export const UNEXPECTED_ERROR: Record<number, string> = { 500: 'Unexpected server error; the details are logged, not returned' };

/** 503 of the routes that read or write the vector store. */
export const VECTOR_STORE_DOWN: Record<number, string> = { 503: 'The vector store is unavailable (code vector_store_unavailable); try again later' };

/** The `X-Embedding-Cache` header of the responses that embedded texts through the cache. */
export const EMBEDDING_CACHE_HEADER: HeadersObject = {
  [CACHE_HEADER]: {
    description: 'How many of the inputs came from the shared cache and how many were computed: `hits=<n>; misses=<m>`.',
    required: true,
    schema: { type: 'string', pattern: '^hits=\\d+; misses=\\d+$', example: 'hits=1; misses=0' },
  },
};
