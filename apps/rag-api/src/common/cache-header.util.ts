/** Name of the response header that says how many inputs came from the cache. */
export const CACHE_HEADER = 'X-Embedding-Cache';

/** The `X-Embedding-Cache` value: `hits=<n>; misses=<m>` (the pattern the OpenAPI document declares). */
export function cacheHeader(hits: number, misses: number): string {
  return `hits=${hits}; misses=${misses}`;
}
