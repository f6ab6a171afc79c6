/** Return value of a finished `embed-texts` job. */
export interface EmbeddingJobSummary {
  /** Texts in the job. */
  total: number;
  /** Texts answered from the cache. */
  hits: number;
  /** Texts this worker sent to the provider. */
  computed: number;
  /** Texts of batches the provider rejected for good (4xx other than 429); retried errors fail the job instead. */
  failed: number;
}
