/** The limits `scanJsonBody` enforces. */
export interface JsonBodyRules {
  /** Most levels of arrays and objects in the whole body, the body being level 1. */
  maxDepth: number;
  /** Top-level fields with their own (smaller) limit, the field's own array or object being level 1. */
  fieldMaxDepth: ReadonlyMap<string, number>;
  /** Object keys refused at any level. */
  reservedKeys: readonly string[];
}
