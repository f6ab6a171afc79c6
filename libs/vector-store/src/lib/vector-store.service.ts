import { Inject, Injectable } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import { withSpan } from '@rag/tracing';
import { resolveOptions } from './config/resolve-options.util';
import type { ChunkingOptions } from './interfaces/chunking-options.interface';
import type { DocumentKey } from './interfaces/document-key.interface';
import type { DocumentRecord } from './interfaces/document-record.interface';
import type { SearchInput } from './interfaces/search-input.interface';
import type { SearchResult } from './interfaces/search-result.interface';
import type { SetDocumentStateInput } from './interfaces/set-document-state-input.interface';
import type { SqlDriver } from './interfaces/sql-driver.interface';
import type { UpsertDocumentInput } from './interfaces/upsert-document-input.interface';
import type { VectorStoreContext } from './interfaces/vector-store-context.interface';
import type { VectorStoreModuleOptions } from './interfaces/vector-store-module-options.interface';
import { VectorStoreSql } from './sql/vector-store.sql';
import { CollectionDimensions } from './store/collection-dimensions';
import { DocumentReader } from './store/document-reader';
import { DocumentStates } from './store/document-states';
import { DocumentWriter } from './store/document-writer';
import { SchemaMigrator } from './store/schema-migrator';
import { VectorSearch } from './store/vector-search';
import { runQuery } from './utils/run-query.util';
import { VECTOR_STORE_DRIVER, VECTOR_STORE_OPTIONS } from './vector-store.constants';

/**
 * Documents, their chunks and k-nearest-neighbour search by cosine similarity, in pgvector SQL
 * over a `SqlDriver` (PostgreSQL through `pg`, or PGlite in-process). See docs/vector-store.md.
 *
 * Every vector must have `dimensions` elements; a collection is created with them and keeps them
 * for life, and a collection of other dimensions is refused with `DimensionMismatchError`.
 * Database failures are `VectorStoreQueryError`s; bad arguments `InvalidArgumentError`s.
 *
 * A facade over the rooms in `store/`: the schema migration, document reads, document writes
 * with ingest tokens, state transitions and search, sharing one view of the collections' dimensions.
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
  readonly #schema: SchemaMigrator;
  readonly #reader: DocumentReader;
  readonly #writer: DocumentWriter;
  readonly #states: DocumentStates;
  readonly #search: VectorSearch;

  constructor(@Inject(VECTOR_STORE_DRIVER) driver: SqlDriver, @Inject(VECTOR_STORE_OPTIONS) options: VectorStoreModuleOptions) {
    const resolved = resolveOptions(options);
    this.#driver = driver;
    this.dimensions = resolved.dimensions;
    this.defaultCollection = resolved.defaultCollection;
    this.chunking = Object.freeze({ chunkSize: resolved.chunkSize, chunkOverlap: resolved.chunkOverlap });
    const sql = new VectorStoreSql(resolved.schema, resolved.dimensions);
    const collections = new CollectionDimensions(sql, resolved.dimensions);
    this.#schema = new SchemaMigrator(driver, sql, resolved, collections);
    const context: VectorStoreContext = { driver, sql, options: resolved, collections, ready: () => this.#schema.ready() };
    this.#reader = new DocumentReader(context);
    this.#writer = new DocumentWriter(context);
    this.#states = new DocumentStates(context);
    this.#search = new VectorSearch(context, this.#schema);
  }

  /**
   * Creates what is missing (idempotent, safe with several processes booting at once): the vector
   * extension, the schema, the collections and documents tables, and the chunks table of this
   * store's dimensions with its HNSW cosine index. Then checks the default collection's dimensions
   * (`DimensionMismatchError`) and logs other collections that cannot be used with them.
   * `VectorStoreModule` calls it at boot; the other methods call it on first use otherwise.
   */
  init(): Promise<void> {
    return this.#schema.init();
  }

  /**
   * Refreshes the planner statistics of the documents and chunks tables (`ANALYZE`). PostgreSQL's
   * autovacuum does this by itself; PGlite has no autovacuum, so without it the planner never sees
   * the table sizes and keeps choosing exact scans. Call it after bulk ingestion on PGlite.
   */
  analyze(): Promise<void> {
    return this.#schema.analyze();
  }

  /** Resolves when the database answers `SELECT 1`; rejects with `VectorStoreQueryError` otherwise. */
  async ping(): Promise<void> {
    await runQuery('ping', () => this.#driver.query('SELECT 1'));
  }

  /**
   * Replaces a document and all its chunks atomically (one transaction): afterwards the document
   * has exactly `chunks`, state `ready`, the given `contentHash` and `metadata`. Creates the
   * collection (with this store's dimensions) if missing. Chunks are inserted with multi-row INSERTs.
   * Throws `DimensionMismatchError` (nothing written) when a vector's length or the collection's
   * dimensions differ from the store's.
   */
  upsertDocument(input: UpsertDocumentInput): Promise<DocumentRecord> {
    return this.#traced('upsert', input.collection, { 'rag.vector_store.chunks': input.chunks.length }, () => this.#writer.upsert(input));
  }

  /** The document, or `null` if it does not exist (or its collection does not). */
  getDocument(key: DocumentKey): Promise<DocumentRecord | null> {
    return this.#reader.get(key);
  }

  /**
   * The `contentHash` of the document's last successful upsert, or `null` (no such document, or
   * never upserted). Equal to `computeContentHash(text, …)` means the stored chunks are current.
   */
  findDocumentHash(key: DocumentKey): Promise<string | null> {
    return this.#reader.findHash(key);
  }

  /**
   * Documents still `pending` or `processing` whose row has not changed since `updatedBefore`, at
   * most `limit`, in key order (collection, id) after `after` (the last one of the previous page;
   * from the first when omitted): candidates for the ingestion reconciler. Reads only the rows in
   * flight (a partial index), never the whole table.
   */
  findStaleInFlight(updatedBefore: Date, limit: number, after?: DocumentKey): Promise<DocumentRecord[]> {
    return this.#reader.staleInFlight(updatedBefore, limit, after);
  }

  /**
   * The reconciler's write: marks the document `failed` with `error` only if it still holds `token`,
   * is still `pending` or `processing`, and has not changed since `updatedBefore` (the bound it was
   * found stale under). Returns `null`, changing nothing, when its ingestion moved on meanwhile (a
   * worker wrote it, a newer POST or a DELETE came, another process marked it), so of several
   * processes reconciling at once, one writes.
   */
  failStaleDocument(key: DocumentKey, token: string, updatedBefore: Date, error: string): Promise<DocumentRecord | null> {
    return this.#states.failStale(key, token, updatedBefore, error);
  }

  /** Deletes the document and its chunks; `true` if it existed. */
  deleteDocument(key: DocumentKey): Promise<boolean> {
    return this.#traced('delete', key.collection, {}, () => this.#writer.delete(key));
  }

  /**
   * Records a document's ingestion state (creating the document, with no chunks, if missing, and
   * its collection with this store's dimensions). Chunks and content hash are left as they are.
   */
  setDocumentState(input: SetDocumentStateInput): Promise<DocumentRecord> {
    return this.#states.set(input);
  }

  /**
   * `setDocumentState` for the holder of the document's latest ingestion token only: updates the
   * state of an existing document whose `ingestToken` is `token`, and returns `null` (changing
   * nothing, creating nothing) when the document was deleted or a newer ingestion was requested.
   */
  setDocumentStateIfCurrent(input: Omit<SetDocumentStateInput, 'ingestToken'>, token: string): Promise<DocumentRecord | null> {
    return this.#states.setIfCurrent(input, token);
  }

  /**
   * `upsertDocument` for the holder of the document's latest ingestion token only: in one
   * transaction, locks the document if it still holds `token`, then replaces it and its chunks;
   * returns `null` and writes nothing when it was deleted or a newer ingestion was requested. So a
   * slow, older ingestion can neither overwrite a newer one nor bring back a deleted document.
   */
  upsertDocumentIfCurrent(input: UpsertDocumentInput, token: string): Promise<DocumentRecord | null> {
    return this.#traced('upsert', input.collection, { 'rag.vector_store.chunks': input.chunks.length }, async (span) => {
      const record = await this.#writer.upsertIfCurrent(input, token);
      span.setAttribute('rag.vector_store.superseded', record === null);
      return record;
    });
  }

  /**
   * The `topK` chunks nearest to `embedding` by cosine distance, optionally only from documents
   * whose metadata contains `filter`, highest `score` (`1 - distance`) first. An unknown collection
   * gives `[]`. Throws `DimensionMismatchError` when `embedding` or the collection has other
   * dimensions than the store.
   */
  search(input: SearchInput): Promise<SearchResult[]> {
    return this.#traced('search', input.collection, { 'rag.vector_store.top_k': input.topK ?? 0 }, async (span) => {
      const results = await this.#search.search(input);
      span.setAttribute('rag.vector_store.results', results.length);
      return results;
    });
  }

  /**
   * Runs a query in a CLIENT span `vector_store.<operation>` with attributes in the style of OTel's
   * database conventions (a PGlite store reports `postgresql` too: it is PostgreSQL's engine).
   */
  #traced<T>(operation: string, collection: string | undefined, attributes: Attributes, run: (span: Span) => Promise<T>): Promise<T> {
    const all: Attributes = {
      'db.system.name': 'postgresql',
      'db.operation.name': operation,
      'db.collection.name': collection ?? this.defaultCollection,
      'rag.vector_store.driver': this.#driver.kind,
      ...attributes,
    };
    return withSpan(`vector_store.${operation}`, { kind: SpanKind.CLIENT, attributes: all }, run);
  }
}
