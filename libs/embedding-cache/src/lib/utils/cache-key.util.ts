import { createHash } from 'node:crypto';

/**
 * The cache key of a (model, text): `<prefix>:<sha256hex(model::text)>`, lowercase hex of the
 * UTF-8 bytes, text taken exactly as given. Same hash as the legacy LlamaIndex file cache, so
 * its entries can be imported as they are. `node:crypto` is ~8× faster than a JS sha256.
 */
export function buildCacheKey(prefix: string, model: string, text: string): string {
  return `${prefix}:${createHash('sha256').update(`${model}::${text}`, 'utf8').digest('hex')}`;
}
