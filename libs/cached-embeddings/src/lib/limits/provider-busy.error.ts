/**
 * Raised by `ProviderLimiter.run` (and so by `CachedEmbedder.embed` with `onBusy: 'reject'`) when
 * the provider is at its bound: the wait queue or the pending characters are full, or the call
 * waited `maxWaitMs` without a slot. Nothing was sent to the provider; retry after
 * `retryAfterSeconds`. rag-api answers it with 503 and `Retry-After`.
 */
export class ProviderBusyError extends Error {
  /** Stable code; branch on it or on `instanceof`, never on the message. */
  readonly code = 'EMBEDDING_PROVIDER_BUSY' as const;

  constructor(
    message: string,
    /** Seconds after which a retry is likely to be admitted (≥ 1). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
