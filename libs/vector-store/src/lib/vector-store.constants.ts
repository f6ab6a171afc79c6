import { MODULE_OPTIONS_TOKEN } from './vector-store.module-definition';

/** Injection token of the `VectorStoreModuleOptions` given to `forRoot` / `forRootAsync`. */
export const VECTOR_STORE_OPTIONS = MODULE_OPTIONS_TOKEN;

/** Injection token of the module's `SqlDriver`: `@Inject(VECTOR_STORE_DRIVER) driver: SqlDriver`. */
export const VECTOR_STORE_DRIVER = 'VECTOR_STORE_DRIVER';

/** Injection token of the store's persistent id (a UUID string): `@Inject(VECTOR_STORE_ID) storeId: string`. */
export const VECTOR_STORE_ID = 'VECTOR_STORE_ID';

/** PGlite path meaning "in memory, nothing on disk". */
export const IN_MEMORY_PATH = 'memory://';

/** Default `VECTOR_STORE_PATH`, relative to the working directory. */
export const DEFAULT_VECTOR_STORE_PATH = '.data/pglite';

/** Defaults of every option; merged once with what the caller passes. */
export const VECTOR_STORE_DEFAULTS = {
  path: DEFAULT_VECTOR_STORE_PATH,
  poolSize: 10,
  chunkSize: 1000,
  chunkOverlap: 200,
  defaultCollection: 'default',
  schema: 'vector_store',
  // ef_search: pgvector's default, 40, gave recall@10 0.945-0.978 in three runs of npm run bench
  // (10,000 chunks), 64 gave 0.957-0.990, 100 gave 0.981-0.991 with no measurable median cost
  // (1.10-1.27 ms against 1.15-1.23 ms at 40; docs/benchmarks.md).
  hnsw: { m: 16, efConstruction: 64, efSearch: 100, exactScanMaxChunks: 2_000 },
} as const;

/** `topK` of a search that names none. */
export const DEFAULT_TOP_K = 5;

/** Inclusive ranges of the numeric options, shared by the env class, the options check and the calls. */
export const OPTION_RANGES = {
  // pgvector's `vector` type holds at most 16000 dimensions.
  dimensions: [1, 16_000],
  poolSize: [1, 100],
  chunkSize: [100, 100_000],
  topK: [1, 100],
  // pgvector's own limits for HNSW.
  hnswM: [2, 100],
  hnswEfConstruction: [4, 1000],
  hnswEfSearch: [1, 1000],
  hnswExactScanMaxChunks: [0, 1_000_000],
} as const satisfies Record<string, readonly [number, number]>;

/** Largest `vector(n)` pgvector indexes with HNSW; above it the index is built on a `halfvec` cast. */
export const MAX_HNSW_VECTOR_DIMENSIONS = 2000;

/** Largest `halfvec(n)` pgvector indexes with HNSW; above it searches are exact scans. */
export const MAX_HNSW_HALFVEC_DIMENSIONS = 4000;

/** Schemes of a `DATABASE_URL` (`postgres://` or `postgresql://`). */
export const POSTGRES_URL_SCHEMES = ['postgres', 'postgresql'] as const;

/** Longest collection name accepted. */
export const MAX_COLLECTION_LENGTH = 255;

/** Longest document id accepted. */
export const MAX_DOCUMENT_ID_LENGTH = 1024;

/** Longest content hash, and longest ingest token, accepted. */
export const MAX_CONTENT_HASH_LENGTH = 256;

/** Most rows in one multi-row chunk INSERT (3 parameters each; PostgreSQL allows 65535 per statement). */
export const MAX_INSERT_ROWS = 500;

/**
 * Most characters of vector literals and texts in one chunk INSERT (a literal is ~11 characters per
 * dimension): 500 rows of 384 dimensions is ~2 MB; at 3072 dimensions a statement holds ~115 rows.
 */
export const MAX_INSERT_VECTOR_CHARS = 4_000_000;

/**
 * Time one chunk INSERT on PGlite should take. PGlite runs in WASM on the event loop, and the rows
 * of a statement (with their HNSW index entries, ~2-4 ms a row) are one blocking call: 500 rows
 * held every route of rag-api for seconds, a 4.9 M-character document for 25 s (issue #14).
 * Statements are sized to this, and the event loop gets a turn between them.
 */
export const PGLITE_INSERT_TARGET_MS = 40;

/** Rows of the first chunk INSERT of an upsert on PGlite, before the statement size adapts to `PGLITE_INSERT_TARGET_MS`. */
export const PGLITE_FIRST_INSERT_ROWS = 8;

/**
 * Chunks whose vector literals are formatted between two turns of the event loop (~10-40 ms of
 * work at 384 dimensions), so that preparing thousands of chunks never blocks it for long.
 */
export const PREPARE_SLICE_CHUNKS = 128;

/** Version of the chunking algorithm, part of every content hash: bump it when `chunkText` changes output. */
export const CHUNKER_VERSION = 1;

/** Key of the advisory lock that serialises schema creation across processes booting at once. */
export const SCHEMA_LOCK_KEY = 0x76_73_74_72; // 'vstr'
