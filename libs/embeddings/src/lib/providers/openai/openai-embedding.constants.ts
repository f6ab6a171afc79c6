import { EMBEDDING_DIMENSIONS_RANGE } from '../../embeddings.constants';

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
export const OPENAI_OPTION_RANGES = {
  dimensions: EMBEDDING_DIMENSIONS_RANGE,
  maxRetries: [0, 10],
  timeoutMs: [1, 600_000],
  maxBatchSize: [1, OPENAI_MAX_INPUTS_PER_REQUEST],
  maxBatchTokens: [1, OPENAI_MAX_TOKENS_PER_REQUEST],
  concurrency: [1, 64],
} as const satisfies Record<string, readonly [number, number]>;
