/** Payload of an `embed-texts` job. */
export interface EmbeddingJobData {
  /** Model id; the worker's provider model when omitted. */
  model?: string;
  /** Texts to embed (1 to 100 000). */
  texts: string[];
  /** Id of the API key that queued the job (rag-api's RAG_API_KEYS_FILE); only that key may read it. */
  owner?: string;
}
