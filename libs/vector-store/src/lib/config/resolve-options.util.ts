import { InvalidVectorStoreConfigError } from '../errors/invalid-vector-store-config.error';
import type { HnswOptions } from '../interfaces/hnsw-options.interface';
import type { VectorStoreModuleOptions } from '../interfaces/vector-store-module-options.interface';
import { isPostgresUrl } from '../utils/is-postgres-url.util';
import { redactDatabaseUrl } from '../utils/redact-database-url.util';
import { MAX_COLLECTION_LENGTH, OPTION_RANGES, VECTOR_STORE_DEFAULTS } from '../vector-store.constants';

/** `VectorStoreModuleOptions` with every default filled in (`databaseUrl` and `driver` stay optional). */
export type ResolvedVectorStoreOptions = Required<Omit<VectorStoreModuleOptions, 'databaseUrl' | 'driver' | 'hnsw'>> &
  Pick<VectorStoreModuleOptions, 'databaseUrl' | 'driver'> & { hnsw: Required<HnswOptions> };

/** Lower-case SQL identifier, so it never needs quoting rules beyond double quotes. */
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

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
  const problems: string[] = [];
  const integerIn = (label: string, value: unknown, [min, max]: readonly [number, number], hint = ''): void => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${label} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})${hint}`);
    }
  };
  integerIn(
    'dimensions',
    resolved.dimensions,
    OPTION_RANGES.dimensions,
    "; pass the embedding provider's dimensions (set EMBEDDING_DIMENSIONS for a model of unknown size)",
  );
  integerIn('poolSize (VECTOR_STORE_POOL_SIZE)', resolved.poolSize, OPTION_RANGES.poolSize);
  integerIn('chunkSize (CHUNK_SIZE)', resolved.chunkSize, OPTION_RANGES.chunkSize);
  if (typeof resolved.chunkOverlap !== 'number' || !Number.isInteger(resolved.chunkOverlap) || resolved.chunkOverlap < 0 || resolved.chunkOverlap >= resolved.chunkSize) {
    problems.push(
      `chunkOverlap (CHUNK_OVERLAP) must be an integer ≥ 0 and less than chunkSize (got ${JSON.stringify(resolved.chunkOverlap)} with chunkSize ${JSON.stringify(resolved.chunkSize)})`,
    );
  }
  integerIn('hnsw.m', resolved.hnsw.m, OPTION_RANGES.hnswM);
  integerIn('hnsw.efConstruction', resolved.hnsw.efConstruction, OPTION_RANGES.hnswEfConstruction);
  integerIn('hnsw.efSearch', resolved.hnsw.efSearch, OPTION_RANGES.hnswEfSearch);
  if (resolved.hnsw.efConstruction < 2 * resolved.hnsw.m) {
    problems.push(`hnsw.efConstruction must be at least 2 * hnsw.m (got ${resolved.hnsw.efConstruction} with m ${resolved.hnsw.m})`);
  }
  if (resolved.databaseUrl !== undefined && !isPostgresUrl(resolved.databaseUrl)) {
    const shown = typeof resolved.databaseUrl === 'string' ? redactDatabaseUrl(resolved.databaseUrl) : String(resolved.databaseUrl);
    problems.push(`databaseUrl (DATABASE_URL) must be a postgres:// or postgresql:// URL with a host (got "${shown}")`);
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

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
