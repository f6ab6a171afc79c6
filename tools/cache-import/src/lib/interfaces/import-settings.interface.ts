import type { ConnectionOptions } from 'node:tls';
import type { encodeVector } from '@rag/embedding-cache';

/** Element type of stored vectors, as `encodeVector` takes it (`float32` or `float16`). */
export type VectorDtype = NonNullable<Parameters<typeof encodeVector>[1]>;

/** The cache settings the import uses, read from the environment like the apps read them. */
export interface ImportSettings {
  /**
   * Redis URL (`REDIS_EMBEDDING_CACHE_URL`, else `REDIS_URL`) with `REDIS_EMBEDDING_CACHE_USERNAME`
   * and `_PASSWORD` written into it, replacing the URL's own, as the apps do. Holds the password:
   * printed only through `redactUrl` (`@rag/config-kit`).
   */
  url: string;
  /** TLS options as the apps use them (`rediss://`, `REDIS_EMBEDDING_CACHE_TLS`, `REDIS_TLS_CA_FILE`); undefined when TLS is off. */
  tls?: ConnectionOptions;
  /** Key prefix (`REDIS_EMBEDDING_CACHE_PREFIX`). */
  prefix: string;
  /** TTL of every written key in seconds (`REDIS_EMBEDDING_CACHE_TTL_DAYS` × 86400). */
  ttlSeconds: number;
  /** `REDIS_EMBEDDING_CACHE_ENABLED`; the import runs either way, but warns when false. */
  enabled: boolean;
  /** Element type the values are written with (`REDIS_EMBEDDING_CACHE_DTYPE`), as the apps write them. */
  dtype: VectorDtype;
}
