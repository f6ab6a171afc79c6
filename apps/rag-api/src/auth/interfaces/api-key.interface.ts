import type { ApiPermission } from '../auth.constants';

/** One entry of `RAG_API_KEYS_FILE`, checked. */
export interface ApiKey {
  /** Stable name of the key (tenant or client), shown in logs, never secret. */
  readonly id: string;
  /** SHA-256 digest of the key (32 bytes). */
  readonly digest: Buffer;
  /** Collections the key may use; `['*']` for all. */
  readonly collections: readonly string[];
  /** What the key may do. */
  readonly permissions: ReadonlySet<ApiPermission>;
  /** Requests per minute across the fleet; `undefined` for no limit. */
  readonly requestsPerMinute?: number;
}
