import { Inject, Injectable, Logger } from '@nestjs/common';
import { resolveOptions } from './config/resolve-options.util';
import type { ResolvedVectorStoreOptions } from './config/resolve-options.util';
import { DimensionMismatchError } from './errors/dimension-mismatch.error';
import { InvalidArgumentError } from './errors/invalid-argument.error';
import type { ChunkingOptions } from './interfaces/chunking-options.interface';
import type { DocumentKey } from './interfaces/document-key.interface';
import type { DocumentRecord } from './interfaces/document-record.interface';
import type { DocumentRow } from './interfaces/document-row.interface';
import type { DocumentState } from './interfaces/document-state.interface';
import type { SearchInput } from './interfaces/search-input.interface';
import type { SearchResult } from './interfaces/search-result.interface';
import type { PreparedChunk } from './interfaces/prepared-chunk.interface';
import type { SearchRow } from './interfaces/search-row.interface';
import type { SetDocumentStateInput } from './interfaces/set-document-state-input.interface';
import type { SqlDriver } from './interfaces/sql-driver.interface';
import type { SqlExecutor } from './interfaces/sql-executor.interface';
import type { UpsertDocumentInput } from './interfaces/upsert-document-input.interface';
import type { VectorIndexKind } from './interfaces/vector-index-kind.interface';
import type { VectorStoreModuleOptions } from './interfaces/vector-store-module-options.interface';
import { describeIndex } from './sql/describe-index.util';
import { vectorIndexKind } from './sql/vector-index-kind.util';
import { VectorStoreSql } from './sql/vector-store.sql';
import { batchChunks } from './utils/batch-chunks.util';
import { compareVersions } from './utils/compare-versions.util';
import { toJsonbFilter } from './utils/to-jsonb-filter.util';
import { toJsonbObject } from './utils/to-jsonb-object.util';
import { toDocumentRecord } from './utils/to-document-record.util';
import { toQueryError } from './utils/to-query-error.util';
import { toVectorLiteral } from './utils/to-vector-literal.util';
import {
  DEFAULT_TOP_K,
  MAX_COLLECTION_LENGTH,
  MAX_DOCUMENT_ID_LENGTH,
  OPTION_RANGES,
  VECTOR_STORE_DRIVER,
  VECTOR_STORE_OPTIONS,
} from './vector-store.constants';

const DOCUMENT_STATES: readonly DocumentState[] = ['pending', 'processing', 'ready', 'failed'];
const MAX_CONTENT_HASH_LENGTH = 256;

/**
 * Documents, their chunks and k-nearest-neighbour search by cosine similarity, in pgvector SQL
 * over a `SqlDriver` (PostgreSQL through `pg`, or PGlite in-process). See docs/vector-store.md.
 *
 * Every vector must have `dimensions` elements; a collection is created with them and keeps them
 * for life, and a collection of other dimensions is refused with `DimensionMismatchError`.
 * Database failures are `VectorStoreQueryError`s; bad arguments `InvalidArgumentError`s.
 */
@Injectable()
export class VectorStore {
  /** Length of every vector this store writes and queries (the embedding provider's). */
  readonly dimensions: number;
  /** Collection used when a call names none. */
  readonly defaultCollection: string;
  /** The configured chunking (`CHUNK_SIZE`, `CHUNK_OVERLAP`), for `chunkText` and `computeContentHash`. */
  readonly chunking: Readonly<Required<ChunkingOptions>>;

  readonly #driver: SqlDriver;
  readonly #options: ResolvedVectorStoreOptions;
  readonly #sql: VectorStoreSql;
  readonly #logger = new Logger('VectorStore');
  /** Dimensions of collections seen; a collection's dimensions never change. */
  readonly #collectionDims = new Map<string, number>();
  #index: VectorIndexKind = 'none';
  #iterativeScan = false;
  #initializing?: Promise<void>;

  constructor(@Inject(VECTOR_STORE_DRIVER) driver: SqlDriver, @Inject(VECTOR_STORE_OPTIONS) options: VectorStoreModuleOptions) {
    this.#driver = driver;
    this.#options = resolveOptions(options);
    this.dimensions = this.#options.dimensions;
    this.defaultCollection = this.#options.defaultCollection;
    this.chunking = Object.freeze({ chunkSize: this.#options.chunkSize, chunkOverlap: this.#options.chunkOverlap });
    this.#sql = new VectorStoreSql(this.#options.schema, this.dimensions);
  }

  /**
   * Creates what is missing (idempotent, safe with several processes booting at once): the vector
   * extension, the schema, the collections and documents tables, and the chunks table of this
   * store's dimensions with its HNSW cosine index. Then checks the default collection's dimensions
   * (`DimensionMismatchError`) and logs other collections that cannot be used with them.
   * `VectorStoreModule` calls it at boot; the other methods call it on first use otherwise.
   */
  init(): Promise<void> {
    const run = this.#init();
    this.#initializing = run;
    run.catch(() => {
      if (this.#initializing === run) this.#initializing = undefined;
    });
    return run;
  }

  /**
   * Refreshes the planner statistics of the documents and chunks tables (`ANALYZE`). PostgreSQL's
   * autovacuum does this by itself; PGlite has no autovacuum, so without it the planner never sees
   * the table sizes and keeps choosing exact scans. Call it after bulk ingestion on PGlite.
   */
  async analyze(): Promise<void> {
    await this.#ready();
    await this.#run('analyze', () => this.#driver.query(this.#sql.analyze));
  }

  /** Resolves when the database answers `SELECT 1`; rejects with `VectorStoreQueryError` otherwise. */
  async ping(): Promise<void> {
    await this.#run('ping', () => this.#driver.query('SELECT 1'));
  }

  /**
   * Replaces a document and all its chunks atomically (one transaction): afterwards the document
   * has exactly `chunks`, state `ready`, the given `contentHash` and `metadata`. Creates the
   * collection (with this store's dimensions) if missing. Chunks are inserted with multi-row INSERTs.
   * Throws `DimensionMismatchError` (nothing written) when a vector's length or the collection's
   * dimensions differ from the store's.
   */
  async upsertDocument(input: UpsertDocumentInput): Promise<DocumentRecord> {
    return (await this.#upsert(input)) as DocumentRecord;
  }

  /** The upsert transaction; `proceed` (in it, before any write) may refuse it, giving `null`. */
  async #upsert(
    input: UpsertDocumentInput,
    proceed?: (tx: SqlExecutor, collection: string, id: string) => Promise<boolean>,
  ): Promise<DocumentRecord | null> {
    const collection = this.#collectionOf(input.collection);
    const id = documentIdOf(input.id);
    const contentHash = contentHashOf(input.contentHash);
    const metadata = toJsonbObject(input.metadata ?? {}, 'metadata');
    const chunks = this.#prepareChunks(collection, input.chunks);
    this.#checkKnownCollection(collection, this.dimensions, 'upsert');
    await this.#ready();
    return this.#run('upsert', () =>
      this.#driver.transaction(async (tx) => {
        if (proceed && !(await proceed(tx, collection, id))) return null;
        await this.#ensureCollection(tx, collection, 'upsert');
        const { rows } = await tx.query<DocumentRow>(this.#sql.upsertDocument, [collection, id, contentHash, metadata, chunks.length]);
        await tx.query(this.#sql.deleteChunks, [collection, id]);
        for (const batch of batchChunks(chunks)) {
          const params = [collection, id, ...batch.flatMap((chunk) => [chunk.ordinal, chunk.text, chunk.literal])];
          await tx.query(this.#sql.insertChunks(batch.length), params);
        }
        return toDocumentRecord(rows[0]);
      }),
    );
  }

  /** The document, or `null` if it does not exist (or its collection does not). */
  async getDocument(key: DocumentKey): Promise<DocumentRecord | null> {
    const collection = this.#collectionOf(key.collection);
    const id = documentIdOf(key.id);
    await this.#ready();
    const { rows } = await this.#run('getDocument', () => this.#driver.query<DocumentRow>(this.#sql.selectDocument, [collection, id]));
    return rows.length === 0 ? null : toDocumentRecord(rows[0]);
  }

  /**
   * The `contentHash` of the document's last successful upsert, or `null` (no such document, or
   * never upserted). Equal to `computeContentHash(text, …)` means the stored chunks are current.
   */
  async findDocumentHash(key: DocumentKey): Promise<string | null> {
    const collection = this.#collectionOf(key.collection);
    const id = documentIdOf(key.id);
    await this.#ready();
    const { rows } = await this.#run('findDocumentHash', () =>
      this.#driver.query<{ content_hash: string | null }>(this.#sql.selectContentHash, [collection, id]),
    );
    return rows[0]?.content_hash ?? null;
  }

  /** Deletes the document and its chunks; `true` if it existed. */
  async deleteDocument(key: DocumentKey): Promise<boolean> {
    const collection = this.#collectionOf(key.collection);
    const id = documentIdOf(key.id);
    await this.#ready();
    const { rows } = await this.#run('deleteDocument', () => this.#driver.query(this.#sql.deleteDocument, [collection, id]));
    return rows.length > 0;
  }

  /**
   * Records a document's ingestion state (creating the document, with no chunks, if missing, and
   * its collection with this store's dimensions). Chunks and content hash are left as they are.
   */
  async setDocumentState(input: SetDocumentStateInput): Promise<DocumentRecord> {
    const { collection, id, error, metadata } = this.#stateParams(input);
    const token = input.ingestToken === undefined ? null : ingestTokenOf(input.ingestToken);
    this.#checkKnownCollection(collection, this.dimensions, 'setDocumentState');
    await this.#ready();
    return this.#run('setDocumentState', () =>
      this.#driver.transaction(async (tx) => {
        await this.#ensureCollection(tx, collection, 'setDocumentState');
        const { rows } = await tx.query<DocumentRow>(this.#sql.upsertDocumentState, [collection, id, input.state, error, metadata, token]);
        return toDocumentRecord(rows[0]);
      }),
    );
  }

  /**
   * `setDocumentState` for the holder of the document's latest ingestion token only: updates the
   * state of an existing document whose `ingestToken` is `token`, and returns `null` (changing
   * nothing, creating nothing) when the document was deleted or a newer ingestion was requested.
   */
  async setDocumentStateIfCurrent(input: Omit<SetDocumentStateInput, 'ingestToken'>, token: string): Promise<DocumentRecord | null> {
    const { collection, id, error, metadata } = this.#stateParams(input);
    const current = ingestTokenOf(token);
    await this.#ready();
    const { rows } = await this.#run('setDocumentState', () =>
      this.#driver.query<DocumentRow>(this.#sql.updateDocumentStateIfToken, [collection, id, input.state, error, metadata, current]),
    );
    return rows.length === 0 ? null : toDocumentRecord(rows[0]);
  }

  /**
   * `upsertDocument` for the holder of the document's latest ingestion token only: in one
   * transaction, locks the document if it still holds `token`, then replaces it and its chunks;
   * returns `null` and writes nothing when it was deleted or a newer ingestion was requested. So a
   * slow, older ingestion can neither overwrite a newer one nor bring back a deleted document.
   */
  async upsertDocumentIfCurrent(input: UpsertDocumentInput, token: string): Promise<DocumentRecord | null> {
    const current = ingestTokenOf(token);
    return this.#upsert(input, async (tx, collection, id) => {
      const { rows } = await tx.query(this.#sql.lockDocumentIfToken, [collection, id, current]);
      return rows.length > 0;
    });
  }

  #stateParams(input: Omit<SetDocumentStateInput, 'ingestToken'>): { collection: string; id: string; error: string | null; metadata: string | null } {
    const collection = this.#collectionOf(input.collection);
    const id = documentIdOf(input.id);
    if (!DOCUMENT_STATES.includes(input.state)) {
      throw new InvalidArgumentError(`state must be one of ${DOCUMENT_STATES.join(', ')} (got ${JSON.stringify(input.state)})`);
    }
    const error = input.error ?? null;
    if (error !== null && typeof error !== 'string') throw new InvalidArgumentError('error must be a string or null');
    const metadata = input.metadata === undefined ? null : toJsonbObject(input.metadata, 'metadata');
    return { collection, id, error, metadata };
  }

  /**
   * The `topK` chunks nearest to `embedding` by cosine distance, optionally only from documents
   * whose metadata contains `filter`, highest `score` (`1 - distance`) first. An unknown collection
   * gives `[]`. Throws `DimensionMismatchError` when `embedding` or the collection has other
   * dimensions than the store.
   */
  async search(input: SearchInput): Promise<SearchResult[]> {
    const collection = this.#collectionOf(input.collection);
    const topK = input.topK ?? DEFAULT_TOP_K;
    const [minK, maxK] = OPTION_RANGES.topK;
    if (!Number.isInteger(topK) || topK < minK || topK > maxK) {
      throw new InvalidArgumentError(`topK must be an integer from ${minK} to ${maxK} (got ${JSON.stringify(topK)})`);
    }
    const literal = toVectorLiteral(input.embedding, 'embedding');
    const filter = toJsonbFilter(input.filter);
    this.#checkKnownCollection(collection, input.embedding.length, 'search');
    if (input.embedding.length !== this.dimensions) {
      throw new DimensionMismatchError(collection, this.dimensions, input.embedding.length, 'search');
    }
    await this.#ready();
    return this.#run('search', async () => {
      if (!(await this.#collectionExists(collection))) return [];
      this.#checkKnownCollection(collection, this.dimensions, 'search');
      const statement = this.#sql.search(this.#index, filter !== undefined);
      const params = filter === undefined ? [collection, literal, topK] : [collection, literal, topK, filter];
      const rows =
        this.#index === 'none'
          ? (await this.#driver.query<SearchRow>(statement, params)).rows
          : await this.#driver.transaction(async (tx) => {
              // ef_search below k caps the result at ef_search rows (pgvector < 0.8 has no iterative scan to go on).
              const efSearch = Math.max(this.#options.hnsw.efSearch, topK);
              await tx.query(this.#sql.searchSettings(this.#iterativeScan), [String(efSearch)]);
              return (await tx.query<SearchRow>(statement, params)).rows;
            });
      return rows.map((row) => ({
        documentId: row.document_id,
        chunkId: `${row.document_id}#${row.ordinal}`,
        text: row.text,
        score: 1 - Number(row.distance),
        metadata: row.metadata,
      }));
    });
  }

  async #init(): Promise<void> {
    const version = await this.#run('init', () =>
      this.#driver.transaction(async (tx) => {
        await tx.query(this.#sql.lockSchema);
        const found = (await vectorVersion(tx, this.#sql)) ?? (await createExtension(tx, this.#sql));
        const { rows } = await tx.query(this.#sql.selectSchema, [this.#options.schema]);
        // CREATE SCHEMA checks the CREATE privilege even when the schema exists: skip it for a least-privilege user.
        if (rows.length === 0) await tx.query(this.#sql.createSchema);
        for (const statement of this.#sql.schemaStatements(this.#options.hnsw, vectorIndexKind(this.dimensions, found))) {
          await tx.query(statement);
        }
        return found;
      }),
    );
    this.#index = vectorIndexKind(this.dimensions, version);
    this.#iterativeScan = compareVersions(version, '0.8.0') >= 0;
    const { rows } = await this.#run('init', () => this.#driver.query<{ name: string; dims: number }>(this.#sql.listCollections));
    const mismatched: string[] = [];
    for (const { name, dims } of rows) {
      this.#collectionDims.set(name, dims);
      if (dims !== this.dimensions) mismatched.push(`"${name}" (${dims})`);
    }
    this.#checkKnownCollection(this.defaultCollection, this.dimensions, 'boot');
    if (mismatched.length > 0) {
      this.#logger.warn(
        `Collections ${mismatched.join(', ')} do not have ${this.dimensions} dimensions; requests to them fail with DimensionMismatchError`,
      );
    }
    this.#logger.log(
      `Vector store ready: ${this.#driver.kind} at ${this.#driver.location}, pgvector ${version}, ${this.dimensions} dimensions, ` +
        `${describeIndex(this.#index, this.#options.hnsw)}, ${rows.length} collection(s)`,
    );
  }

  #ready(): Promise<void> {
    return this.#initializing ?? this.init();
  }

  /** Creates the collection if missing (in `tx`) and checks its dimensions. */
  async #ensureCollection(tx: SqlExecutor, collection: string, operation: string): Promise<void> {
    await tx.query(this.#sql.insertCollection, [collection, this.dimensions]);
    if (!this.#collectionDims.has(collection)) {
      const { rows } = await tx.query<{ dims: number }>(this.#sql.selectCollection, [collection]);
      this.#collectionDims.set(collection, rows[0].dims);
    }
    this.#checkKnownCollection(collection, this.dimensions, operation);
  }

  async #collectionExists(collection: string): Promise<boolean> {
    if (this.#collectionDims.has(collection)) return true;
    const { rows } = await this.#driver.query<{ dims: number }>(this.#sql.selectCollection, [collection]);
    if (rows.length === 0) return false;
    this.#collectionDims.set(collection, rows[0].dims);
    return true;
  }

  /** Throws when the collection is known to hold vectors of other dimensions than `actual`. */
  #checkKnownCollection(collection: string, actual: number, operation: string): void {
    const dims = this.#collectionDims.get(collection);
    if (dims !== undefined && dims !== actual) throw new DimensionMismatchError(collection, dims, actual, operation);
  }

  #collectionOf(collection: string | undefined): string {
    const name = collection ?? this.defaultCollection;
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_COLLECTION_LENGTH) {
      throw new InvalidArgumentError(`collection must be a string of 1-${MAX_COLLECTION_LENGTH} characters (got ${JSON.stringify(name)})`);
    }
    return name;
  }

  #prepareChunks(collection: string, chunks: UpsertDocumentInput['chunks']): PreparedChunk[] {
    if (!Array.isArray(chunks)) throw new InvalidArgumentError('chunks must be an array');
    const seen = new Set<number>();
    return chunks.map((chunk: UpsertDocumentInput['chunks'][number], index) => {
      if (chunk === null || typeof chunk !== 'object') throw new InvalidArgumentError(`chunks[${index}] must be an object`);
      const ordinal = chunk.ordinal ?? index;
      if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal > 2_147_483_647) {
        throw new InvalidArgumentError(`chunks[${index}].ordinal must be an integer ≥ 0 (got ${JSON.stringify(ordinal)})`);
      }
      if (seen.has(ordinal)) throw new InvalidArgumentError(`chunks[${index}].ordinal ${ordinal} is used twice`);
      seen.add(ordinal);
      if (typeof chunk.text !== 'string') throw new InvalidArgumentError(`chunks[${index}].text must be a string`);
      // PostgreSQL text cannot hold NUL; without this check the whole upsert fails with an encoding error.
      if (chunk.text.includes('\u0000')) throw new InvalidArgumentError(`chunks[${index}].text must not contain the NUL character`);
      const literal = toVectorLiteral(chunk.embedding, `chunks[${index}].embedding`);
      if (chunk.embedding.length !== this.dimensions) {
        const expected = this.#collectionDims.get(collection) ?? this.dimensions;
        throw new DimensionMismatchError(collection, expected, chunk.embedding.length, 'upsert');
      }
      return { ordinal, text: chunk.text, literal };
    });
  }

  async #run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toQueryError(operation, error);
    }
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

function documentIdOf(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_DOCUMENT_ID_LENGTH) {
    throw new InvalidArgumentError(`id must be a string of 1-${MAX_DOCUMENT_ID_LENGTH} characters (got ${JSON.stringify(id)})`);
  }
  return id;
}

function contentHashOf(hash: unknown): string | null {
  if (hash === undefined || hash === null) return null;
  if (typeof hash !== 'string' || hash.length === 0 || hash.length > MAX_CONTENT_HASH_LENGTH) {
    throw new InvalidArgumentError(`contentHash must be a string of 1-${MAX_CONTENT_HASH_LENGTH} characters or null`);
  }
  return hash;
}

function ingestTokenOf(token: unknown): string {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_CONTENT_HASH_LENGTH) {
    throw new InvalidArgumentError(`ingestToken must be a string of 1-${MAX_CONTENT_HASH_LENGTH} characters`);
  }
  return token;
}
