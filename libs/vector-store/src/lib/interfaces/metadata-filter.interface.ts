/**
 * Exact-match filter on top-level keys of a document's metadata: every key must be present with
 * an equal value (`metadata @> filter`). `{}` matches everything.
 */
export type MetadataFilter = Readonly<Record<string, string | number | boolean>>;
