/**
 * What an `ingest-document` job did: `ingested` (chunks embedded and stored), `unchanged` (same
 * text, chunking and model as the stored version: no embedding call, metadata refreshed) or
 * `deleted` (the document was deleted while the job waited: nothing done).
 */
export interface IngestDocumentSummary {
  outcome: 'ingested' | 'unchanged' | 'deleted';
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
