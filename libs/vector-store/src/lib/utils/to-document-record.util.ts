import type { DocumentRecord } from '../interfaces/document-record.interface';
import type { DocumentRow } from '../interfaces/document-row.interface';

/** The public shape of a documents row. */
export function toDocumentRecord(row: DocumentRow): DocumentRecord {
  return {
    collection: row.collection,
    id: row.id,
    contentHash: row.content_hash,
    metadata: row.metadata,
    requestedMetadata: row.requested_metadata ?? null,
    chunkCount: row.chunk_count,
    state: row.state,
    error: row.error,
    ingestToken: row.ingest_token ?? null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
