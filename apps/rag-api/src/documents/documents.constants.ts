/** Longest document text accepted by `POST /v1/documents`, in characters (the body is limited to 10 MB). */
export const MAX_DOCUMENT_CHARS = 5_000_000;
/** Longest document id. */
export const MAX_DOCUMENT_ID_CHARS = 1_024;
/** Longest collection name. */
export const MAX_COLLECTION_CHARS = 255;
/** Most results `POST /v1/retrieve` returns. */
export const MAX_TOP_K = 100;
