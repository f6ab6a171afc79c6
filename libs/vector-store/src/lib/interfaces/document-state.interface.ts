/**
 * Ingestion state of a document: `pending` (accepted, not started), `processing`, `ready`
 * (chunks stored; set by `upsertDocument`) or `failed` (see `DocumentRecord.error`).
 */
export type DocumentState = 'pending' | 'processing' | 'ready' | 'failed';
