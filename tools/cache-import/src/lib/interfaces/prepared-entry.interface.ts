/** An entry ready for Redis. */
export interface PreparedEntry {
  /** The full Redis key, `<prefix>:<sha256 hex>`. */
  key: string;
  /** The value in the cache's binary vector format (`encodeVector`). */
  value: Buffer;
}
