import { LRUCache } from 'lru-cache';
import type { EncodingFormat } from './dto/create-embeddings.dto';
import { encodeEmbedding } from './encode-embedding.util';

/** A vector's bytes and its wire forms made from exactly those bytes. */
interface MemoEntry {
  bytes: Buffer;
  float?: Buffer;
  base64?: Buffer;
}

/** Bytes an entry holds besides its buffers (the key's UTF-16, the entry and map nodes), rounded up. */
const ENTRY_OVERHEAD_BYTES = 160;

/**
 * The JSON wire form of each vector served (`[0.1,…]` for float, `"…"` for base64), kept per
 * text and format so that a cache hit writes bytes instead of turning 384-1536 numbers into text
 * again: `JSON.stringify` of the numbers was a quarter of the CPU of a cached request
 * (docs/benchmarks.md). The wire form is a pure function of the vector's bytes, and an entry is
 * only used when the vector served now has exactly the bytes it was made from (one memcmp), so
 * the memo can never answer a vector the cache no longer holds; it needs no invalidation.
 * One LRU keyed by the text itself (no key string is built per lookup, and the text's hash is the
 * one the cache's key memo computed), one entry holding both formats, bounded in bytes
 * (`maxBytes`, 0 turns it off).
 */
export class EncodedVectorMemo {
  private readonly memo: LRUCache<string, MemoEntry> | null;

  /** Bytes it may hold (0: off). */
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
    this.memo =
      maxBytes > 0
        ? new LRUCache<string, MemoEntry>({
            maxSize: maxBytes,
            sizeCalculation: (entry, key) => key.length * 2 + entry.bytes.length + (entry.float?.length ?? 0) + (entry.base64?.length ?? 0) + ENTRY_OVERHEAD_BYTES,
          })
        : null;
  }

  /** The wire form kept for `text` in `format` when it was made from exactly `vector`'s bytes, else `undefined` (nothing is encoded nor kept). */
  lookup(text: string, vector: Float32Array, format: EncodingFormat): Buffer | undefined {
    const entry = this.memo?.get(text);
    const encoded = entry?.[format];
    if (entry === undefined || encoded === undefined) return undefined;
    return entry.bytes.equals(Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength)) ? encoded : undefined;
  }

  /**
   * The JSON text of `vector` in `format` (an array of numbers, or a base64 string with its quotes),
   * as bytes. Kept for next time only when `remember` (the caller's vector came from the cache):
   * a vector just computed may never be asked again, and keeping the wire form of every miss made
   * all-miss traffic churn up to the whole budget (GC pauses in the tail: redis-freeze-load.e2e).
   */
  encoded(text: string, vector: Float32Array, format: EncodingFormat, remember = true): Buffer {
    if (this.memo === null) return encodeVectorJson(vector, format);
    const kept = this.lookup(text, vector, format);
    if (kept !== undefined) return kept;
    const encoded = encodeVectorJson(vector, format);
    if (remember) {
      const bytes = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
      const stored = this.memo.peek(text);
      // The other format's form stays only when made from the same bytes; a new entry is set so that its size is counted again.
      // A copy of the bytes: `vector` may be a view of pooled memory that is reused.
      const entry: MemoEntry = stored !== undefined && stored.bytes.equals(bytes) ? { ...stored } : { bytes: Buffer.from(bytes) };
      entry[format] = encoded;
      this.memo.set(text, entry);
    }
    return encoded;
  }
}

/** `JSON.stringify(encodeEmbedding(vector, format))` as bytes: JSON numbers and base64 are ASCII. */
export function encodeVectorJson(vector: Float32Array, format: EncodingFormat): Buffer {
  return Buffer.from(JSON.stringify(encodeEmbedding(vector, format)), 'latin1');
}
