/**
 * An ingestion that went past its time budget (`IngestOptions.timeBudgetMs`): it stops before
 * writing anything, and the job is retried like any transient failure; after its last attempt the
 * document is marked `failed` with this message.
 */
export class IngestionTimeoutError extends Error {
  readonly code = 'EMBEDDING_JOB_INGESTION_TIMEOUT' as const;

  constructor(budgetMs: number, embedded: number, total: number) {
    super(`ingestion took longer than its ${budgetMs} ms budget (${embedded} of ${total} chunks embedded); nothing was written`);
    this.name = 'IngestionTimeoutError';
  }
}
