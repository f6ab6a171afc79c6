/** A document's metadata: a JSON object, stored as `jsonb`. Search filters match its top-level keys. */
export type DocumentMetadata = Record<string, unknown>;
