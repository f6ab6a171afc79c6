/** What a key may do: `embed` (/v1/embeddings, /v1/models), `read` (GET documents, retrieval), `write` (POST/DELETE documents), `jobs` (/v1/embedding-jobs). */
export const API_PERMISSIONS = ['embed', 'read', 'write', 'jobs'] as const;

/** One of `API_PERMISSIONS`. */
export type ApiPermission = (typeof API_PERMISSIONS)[number];

/** A key's `collections` entry that covers every collection. */
export const ALL_COLLECTIONS = '*';

/** Route metadata: the permission a route needs (`@RequiresPermission`). */
export const REQUIRED_PERMISSION = 'RagApi:RequiredPermission';

/** Route metadata: the route is open to anyone, keys or not (`@PublicRoute`). */
export const PUBLIC_ROUTE = 'RagApi:PublicRoute';

/** Name of the OpenAPI security scheme (a bearer key, or the same key in `api-key`). */
export const API_KEY_SECURITY = 'apiKey';

/** Header Azure-style OpenAI clients send the key in. */
export const API_KEY_HEADER = 'api-key';

/** How often the keys file is looked at for changes (`fs.watchFile` polling: survives editors' and Kubernetes' atomic replaces). */
export const KEYS_FILE_POLL_MS = 1_000;

/** Longest wait for the rate limiter's Redis per request (as the cache's default command timeout); then the per-process limit applies. */
export const RATE_LIMIT_TIMEOUT_MS = 50;

/** After a failed rate-limit call, Redis is skipped (per-process limits) this long before it is tried again. */
export const RATE_LIMIT_RETRY_MS = 1_000;

/** Window of `requestsPerMinute`. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** Redis key prefix of the per-key request counters (`<prefix><key id>`). */
export const RATE_LIMIT_PREFIX = 'rag-api:rate:';
