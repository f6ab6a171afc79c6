import type { HeadersObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CACHE_HEADER } from './cache-header.util';

/** Errors of every POST route, raised before routing by the body middlewares (`configureApp`). */
export const JSON_BODY_ERRORS: Record<number, string> = {
  400: 'Invalid body (malformed JSON, or a field out of its rules); the message and `param` name the field',
  413: 'Body over 10 MB',
  415: 'Body not declared application/json (the message names the type given)',
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
