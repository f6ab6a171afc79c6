import { describeUrlSchemes, integerProblems, redactUrl, stripUndefined } from '@rag/config-kit';
import { InvalidVectorStoreConfigError } from '../errors/invalid-vector-store-config.error';
import type { HnswOptions } from '../interfaces/hnsw-options.interface';
import type { VectorStoreModuleOptions } from '../interfaces/vector-store-module-options.interface';
import { isPostgresUrl } from '../utils/is-postgres-url.util';
import { MAX_COLLECTION_LENGTH, OPTION_RANGES, POSTGRES_URL_SCHEMES, VECTOR_STORE_DEFAULTS } from '../vector-store.constants';

/** `VectorStoreModuleOptions` with every default filled in (`databaseUrl` and `driver` stay optional). */
export type ResolvedVectorStoreOptions = Required<Omit<VectorStoreModuleOptions, 'databaseUrl' | 'driver' | 'hnsw'>> &
  Pick<VectorStoreModuleOptions, 'databaseUrl' | 'driver'> & { hnsw: Required<HnswOptions> };

/** Lower-case SQL identifier, so it never needs quoting rules beyond double quotes. */
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Said after a bad `dimensions`, the one option an app computes rather than reads from its env. */
const DIMENSIONS_HINT = "; pass the embedding provider's dimensions (set EMBEDDING_DIMENSIONS for a model of unknown size)";

/** Options read from an env variable are named with it, so a boot error says what to fix either way. */
const ENV_LABELS = { poolSize: 'poolSize (VECTOR_STORE_POOL_SIZE)', chunkSize: 'chunkSize (CHUNK_SIZE)' };

const HNSW_RANGES = {
  m: OPTION_RANGES.hnswM,
  efConstruction: OPTION_RANGES.hnswEfConstruction,
  efSearch: OPTION_RANGES.hnswEfSearch,
  exactScanMaxChunks: OPTION_RANGES.hnswExactScanMaxChunks,
};
const HNSW_LABELS = { m: 'hnsw.m', efConstruction: 'hnsw.efConstruction', efSearch: 'hnsw.efSearch', exactScanMaxChunks: 'hnsw.exactScanMaxChunks' };

/**
 * Merges the defaults once and checks the options given in code, so that a bad value fails at
 * boot with the option's name (and its variable), as a bad environment variable does.
 */
export function resolveOptions(options: VectorStoreModuleOptions): ResolvedVectorStoreOptions {
  const given = stripUndefined(options ?? ({} as VectorStoreModuleOptions));
  const resolved = {
    ...VECTOR_STORE_DEFAULTS,
    ...given,
    hnsw: { ...VECTOR_STORE_DEFAULTS.hnsw, ...stripUndefined(given.hnsw ?? {}) },
  } as ResolvedVectorStoreOptions;
  const problems = [
    ...integerProblems(resolved, { dimensions: OPTION_RANGES.dimensions }).map((problem) => `${problem}${DIMENSIONS_HINT}`),
    ...integerProblems(resolved, { poolSize: OPTION_RANGES.poolSize, chunkSize: OPTION_RANGES.chunkSize }, { labels: ENV_LABELS }),
  ];
  if (typeof resolved.chunkOverlap !== 'number' || !Number.isInteger(resolved.chunkOverlap) || resolved.chunkOverlap < 0 || resolved.chunkOverlap >= resolved.chunkSize) {
    problems.push(
      `chunkOverlap (CHUNK_OVERLAP) must be an integer ≥ 0 and less than chunkSize (got ${JSON.stringify(resolved.chunkOverlap)} with chunkSize ${JSON.stringify(resolved.chunkSize)})`,
    );
  }
  problems.push(...integerProblems(resolved.hnsw, HNSW_RANGES, { labels: HNSW_LABELS }));
  if (resolved.hnsw.efConstruction < 2 * resolved.hnsw.m) {
    problems.push(`hnsw.efConstruction must be at least 2 * hnsw.m (got ${resolved.hnsw.efConstruction} with m ${resolved.hnsw.m})`);
  }
  if (resolved.databaseUrl !== undefined && !isPostgresUrl(resolved.databaseUrl)) {
    const shown = typeof resolved.databaseUrl === 'string' ? redactUrl(resolved.databaseUrl) : String(resolved.databaseUrl);
    problems.push(`databaseUrl (DATABASE_URL) must be ${describeUrlSchemes(POSTGRES_URL_SCHEMES)} (got "${shown}")`);
  }
  if (typeof resolved.path !== 'string' || resolved.path.length === 0) {
    problems.push(`path (VECTOR_STORE_PATH) must be a non-empty path or 'memory://' (got ${JSON.stringify(resolved.path)})`);
  }
  const collection = resolved.defaultCollection;
  if (typeof collection !== 'string' || collection.length === 0 || collection.length > MAX_COLLECTION_LENGTH) {
    problems.push(`defaultCollection must be a string of 1-${MAX_COLLECTION_LENGTH} characters (got ${JSON.stringify(collection)})`);
  }
  if (typeof resolved.schema !== 'string' || !SCHEMA_PATTERN.test(resolved.schema)) {
    problems.push(`schema must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters) (got ${JSON.stringify(resolved.schema)})`);
  }
  if (problems.length > 0) throw new InvalidVectorStoreConfigError(problems);
  return resolved;
}
