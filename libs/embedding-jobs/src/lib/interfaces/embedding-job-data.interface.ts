import type { TraceCarrier } from '@rag/tracing';
/** Payload of an `embed-texts` job. */
export interface EmbeddingJobData {
  /** Model id; the worker's provider model when omitted. */
  model?: string;
  /** Texts to embed (1 to 100 000). */
  texts: string[];
  /**
   * W3C trace context of the span that queued the job (`traceparent`, `tracestate`), continued by
   * the job's processing; absent with tracing off and on jobs queued before it existed.
   */
  traceContext?: TraceCarrier;
  /** Id of the API key that queued the job (rag-api's RAG_API_KEYS_FILE); only that key may read it. */
  owner?: string;
}
