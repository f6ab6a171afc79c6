import type { DocumentState } from './document-state.interface';

/** A row of the documents table, as both drivers return it (jsonb parsed, timestamptz as Date). */
export interface DocumentRow {
  collection: string;
  id: string;
  content_hash: string | null;
  metadata: Record<string, unknown>;
  requested_metadata: Record<string, unknown> | null;
  chunk_count: number;
  state: DocumentState;
  error: string | null;
  ingest_token: string | null;
  created_at: Date;
  updated_at: Date;
}
