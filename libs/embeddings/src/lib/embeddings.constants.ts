import { MODULE_OPTIONS_TOKEN } from './embeddings.module-definition';

/** Injection token of the chosen `EmbeddingProvider`: `@Inject(EMBEDDING_PROVIDER) provider: EmbeddingProvider`. */
export const EMBEDDING_PROVIDER = 'EMBEDDING_PROVIDER';

/**
 * Injection token of the model id of cache keys (`cacheModelId(provider, options)`), the same in
 * every process of a fleet: `@Inject(EMBEDDING_CACHE_MODEL) cacheModel: string`.
 */
export const EMBEDDING_CACHE_MODEL = 'EMBEDDING_CACHE_MODEL';

/** Injection token of the `EmbeddingsModuleOptions` given to `forRoot` / `forRootAsync`. */
export const EMBEDDINGS_OPTIONS = MODULE_OPTIONS_TOKEN;

/** Model id of `LocalEmbeddingProvider` at its default size. */
export const LOCAL_EMBEDDING_MODEL = 'local-hash-v1';

/** Vector length of `LocalEmbeddingProvider`. */
export const LOCAL_EMBEDDING_DIMENSIONS = 384;

/** Default `EMBEDDING_MODEL` of the `openai` provider. */
export const DEFAULT_OPENAI_EMBEDDING_MODEL = 'text-embedding-3-small';

/** Default base URL; passed explicitly so the SDK never reads `OPENAI_BASE_URL` behind the config's back. */
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * Sent as the API key to gateways that need none (`EMBEDDING_PROVIDER=openai` with `OPENAI_BASE_URL`
 * and no `OPENAI_API_KEY`): the SDK refuses to start without a key.
 */
export const NO_API_KEY_PLACEHOLDER = 'no-api-key';

/** Hard limit of the OpenAI embeddings API on inputs per request. */
export const OPENAI_MAX_INPUTS_PER_REQUEST = 2048;

/** Hard limit of the OpenAI embeddings API on tokens per request (all inputs together). */
export const OPENAI_MAX_TOKENS_PER_REQUEST = 300_000;

/** Largest `dimensions` accepted (`EMBEDDING_DIMENSIONS`); 3072 is the largest OpenAI model today. */
export const MAX_EMBEDDING_DIMENSIONS = 8192;

/** Defaults of the `openai` provider's options; merged once with what the caller passes. */
export const OPENAI_EMBEDDING_DEFAULTS = {
  baseURL: DEFAULT_OPENAI_BASE_URL,
  model: DEFAULT_OPENAI_EMBEDDING_MODEL,
  maxRetries: 3,
  timeoutMs: 60_000,
  maxBatchSize: OPENAI_MAX_INPUTS_PER_REQUEST,
  maxBatchTokens: OPENAI_MAX_TOKENS_PER_REQUEST,
  concurrency: 4,
} as const;

/** Native vector sizes of the OpenAI models this library knows; others are learned from the first response. */
export const KNOWN_MODEL_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** Inclusive ranges of the numeric options, shared by the env class and the options check. */
export const OPTION_RANGES = {
  dimensions: [1, MAX_EMBEDDING_DIMENSIONS],
  maxRetries: [0, 10],
  timeoutMs: [1, 600_000],
  maxBatchSize: [1, OPENAI_MAX_INPUTS_PER_REQUEST],
  maxBatchTokens: [1, OPENAI_MAX_TOKENS_PER_REQUEST],
  concurrency: [1, 64],
} as const satisfies Record<string, readonly [number, number]>;
