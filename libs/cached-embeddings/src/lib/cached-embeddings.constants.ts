/**
 * Injection token of the model id of cache keys (`cacheModelId(provider, options)`), the same in
 * every process of a fleet: `@Inject(EMBEDDING_CACHE_MODEL) cacheModel: string`.
 */
export const EMBEDDING_CACHE_MODEL = 'EMBEDDING_CACHE_MODEL';

/** Counter of calls to the embedding provider, by `model` and `outcome` (`ok`, `error`). */
export const EMBEDDING_PROVIDER_REQUESTS = 'embedding_provider_requests_total';

/** Counter of texts sent to the embedding provider, by `model`. */
export const EMBEDDING_PROVIDER_TEXTS = 'embedding_provider_texts_total';

/** Histogram of the duration of embedding provider calls, by `model`, in seconds. */
export const EMBEDDING_PROVIDER_SECONDS = 'embedding_provider_duration_seconds';

/** Buckets of `embedding_provider_duration_seconds`: a local call takes ~1 ms, a remote batch up to tens of seconds. */
export const EMBEDDING_PROVIDER_SECONDS_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
