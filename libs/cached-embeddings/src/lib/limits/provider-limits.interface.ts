/** Bounds of `ProviderLimiter`: see docs/operations.md, "Provider backpressure". */
export interface ProviderLimits {
  /**
   * Provider calls (`EmbeddingProvider.embed`) running at once in this process
   * (`EMBEDDING_PROVIDER_MAX_CONCURRENCY`). The openai provider sends the batches of one large
   * call 4 at a time (its `concurrency` option).
   * @default 8
   */
  readonly maxConcurrency: number;
  /**
   * Calls that may wait for a slot (`EMBEDDING_PROVIDER_MAX_QUEUE`); a request's call beyond it is
   * refused at once. Waiting jobs count but are never refused.
   * @default 64
   */
  readonly maxQueue: number;
  /**
   * Characters of the texts of every running and waiting call (`EMBEDDING_PROVIDER_MAX_PENDING_CHARS`):
   * the provider work held in memory. A request's call that would go beyond it is refused, unless
   * nothing else is pending (so a single call larger than the bound still runs).
   * @default 48000000
   */
  readonly maxPendingChars: number;
  /**
   * Longest wait of a request's call for a slot, in milliseconds (`EMBEDDING_PROVIDER_MAX_WAIT_MS`);
   * then it is refused. Jobs wait as long as it takes.
   * @default 10000
   */
  readonly maxWaitMs: number;
}
