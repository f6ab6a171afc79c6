/** The unique keys of a list of texts, and where each input text's result goes. */
export interface UniqueTexts {
  /** Unique keys, in order of first appearance. */
  readonly keys: string[];
  /** The text of each unique key (its first appearance). */
  readonly texts: string[];
  /** For each input text, the index of its key in `keys`. */
  readonly slots: number[];
}

/** De-duplicates `texts` by `keyOf(text)`, so that a text given twice is looked up and computed once. */
export function indexUniqueTexts(texts: readonly string[], keyOf: (text: string) => string): UniqueTexts {
  const keys: string[] = [];
  const unique: string[] = [];
  const slotOfKey = new Map<string, number>();
  const slots = texts.map((text) => {
    const key = keyOf(text);
    let slot = slotOfKey.get(key);
    if (slot === undefined) {
      slot = keys.length;
      slotOfKey.set(key, slot);
      keys.push(key);
      unique.push(text);
    }
    return slot;
  });
  return { keys, texts: unique, slots };
}
