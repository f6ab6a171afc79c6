/**
 * What an `ingest-document` job did: `ingested` (chunks embedded and stored), `unchanged` (same
 * text, chunking and model as the stored version: no embedding call, metadata refreshed),
 * `deleted` (the document was deleted before the job could store it: nothing stored) or
 * `superseded` (a newer ingestion of the document was requested meanwhile: nothing stored).
 */
export interface IngestDocumentSummary {
  outcome: 'ingested' | 'unchanged' | 'deleted' | 'superseded';
  /** Collection of the document. */
  collection: string;
  /** Document id. */
  documentId: string;
  /** Chunks the document now has. */
  chunks: number;
  /** Chunks whose embedding came from the cache. */
  hits: number;
  /** Chunks sent to the provider by this process. */
  computed: number;
}
