/** What the extractor saw in an entry's value, before any validation. */
export type ExtractedValue =
  | {
      /** A JSON array (bare, or under `embedding`) holding only numbers and non-finite tokens. */
      kind: 'numbers';
      /** The finite-looking numbers, in order (`1e999` arrives as `Infinity`). */
      numbers: number[];
      /** Whether the array held `NaN`, `Infinity` or `-Infinity` tokens (left out of `numbers`). */
      nonFiniteTokens: boolean;
    }
  | {
      /** Anything else: a scalar, a non-numeric array, an object without a numeric `embedding`. */
      kind: 'other';
    };

/** One `<key>: <value>` entry of a collection in the legacy file. */
export interface LegacyEntry {
  /** The top-level key of the collection holding the entry (LlamaIndex's default is `data`). */
  collection: string;
  /** The entry key as written in the file. */
  key: string;
  /** The value, reduced to what matters for the import. */
  value: ExtractedValue;
}
