import { Logger } from '@nestjs/common';
import type { ResolvedVectorStoreOptions } from '../config/resolve-options.util';
import type { SqlDriver } from '../interfaces/sql-driver.interface';
import type { SqlExecutor } from '../interfaces/sql-executor.interface';
import type { VectorIndexKind } from '../interfaces/vector-index-kind.interface';
import { describeIndex } from '../sql/describe-index.util';
import { vectorIndexKind } from '../sql/vector-index-kind.util';
import type { VectorStoreSql } from '../sql/vector-store.sql';
import { compareVersions } from '../utils/compare-versions.util';
import { runQuery } from '../utils/run-query.util';
import { toQueryError } from '../utils/to-query-error.util';
import type { CollectionDimensions } from './collection-dimensions';

/**
 * The store's schema: creates what is missing once per process (lazily on first use when nobody
 * called `init`), and remembers what it found (pgvector's version, so the index kind and whether
 * iterative scans exist). @internal
 */
export class SchemaMigrator {
  readonly #driver: SqlDriver;
  readonly #sql: VectorStoreSql;
  readonly #options: ResolvedVectorStoreOptions;
  readonly #collections: CollectionDimensions;
  readonly #logger = new Logger('VectorStore');
  #initializing?: Promise<void>;
  #index: VectorIndexKind = 'none';
  #iterativeScan = false;

  constructor(driver: SqlDriver, sql: VectorStoreSql, options: ResolvedVectorStoreOptions, collections: CollectionDimensions) {
    this.#driver = driver;
    this.#sql = sql;
    this.#options = options;
    this.#collections = collections;
  }

  /** How the chunks table is indexed; known after `init`. */
  get index(): VectorIndexKind {
    return this.#index;
  }

  /** Whether pgvector has iterative index scans (≥ 0.8); known after `init`. */
  get iterativeScan(): boolean {
    return this.#iterativeScan;
  }

  /** Runs the migration (again, when an earlier run failed); see `VectorStore.init`. */
  init(): Promise<void> {
    const run = this.#migrate();
    this.#initializing = run;
    run.catch(() => {
      if (this.#initializing === run) this.#initializing = undefined;
    });
    return run;
  }

  /** The running or finished migration, starting it when there is none. */
  ready(): Promise<void> {
    return this.#initializing ?? this.init();
  }

  /** `ANALYZE` of the documents and chunks tables, after the migration. */
  async analyze(): Promise<void> {
    await this.ready();
    await runQuery('analyze', () => this.#driver.query(this.#sql.analyze));
  }

  async #migrate(): Promise<void> {
    const { dimensions, hnsw, schema, defaultCollection } = this.#options;
    const version = await runQuery('init', () =>
      this.#driver.transaction(async (tx) => {
        await tx.query(this.#sql.lockSchema);
        const found = (await vectorVersion(tx, this.#sql)) ?? (await createExtension(tx, this.#sql));
        const { rows } = await tx.query(this.#sql.selectSchema, [schema]);
        // CREATE SCHEMA checks the CREATE privilege even when the schema exists: skip it for a least-privilege user.
        if (rows.length === 0) await tx.query(this.#sql.createSchema);
        for (const statement of this.#sql.schemaStatements(hnsw, vectorIndexKind(dimensions, found))) {
          await tx.query(statement);
        }
        return found;
      }),
    );
    this.#index = vectorIndexKind(dimensions, version);
    this.#iterativeScan = compareVersions(version, '0.8.0') >= 0;
    const { rows } = await runQuery('init', () => this.#driver.query<{ name: string; dims: number }>(this.#sql.listCollections));
    const mismatched: string[] = [];
    for (const { name, dims } of rows) {
      this.#collections.remember(name, dims);
      if (dims !== dimensions) mismatched.push(`"${name}" (${dims})`);
    }
    this.#collections.check(defaultCollection, dimensions, 'boot');
    if (mismatched.length > 0) {
      this.#logger.warn(`Collections ${mismatched.join(', ')} do not have ${dimensions} dimensions; requests to them fail with DimensionMismatchError`);
    }
    this.#logger.log(
      `Vector store ready: ${this.#driver.kind} at ${this.#driver.location}, pgvector ${version}, ${dimensions} dimensions, ` +
        `${describeIndex(this.#index, hnsw)}, ${rows.length} collection(s)`,
    );
  }
}

async function vectorVersion(tx: SqlExecutor, sql: VectorStoreSql): Promise<string | undefined> {
  const { rows } = await tx.query<{ version: string }>(sql.selectVectorVersion);
  return rows[0]?.version;
}

/** Creates the extension (only when missing, since it needs privileges) and returns its version. */
async function createExtension(tx: SqlExecutor, sql: VectorStoreSql): Promise<string> {
  try {
    await tx.query(sql.createExtension);
  } catch (error) {
    throw toQueryError(
      'init',
      error,
      `${sql.createExtension} failed: %s; install pgvector on the PostgreSQL server and run CREATE EXTENSION vector once as a superuser`,
    );
  }
  return (await vectorVersion(tx, sql)) ?? '0';
}
