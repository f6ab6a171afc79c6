import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DimensionMismatchError } from '../errors/dimension-mismatch.error';
import { InvalidArgumentError } from '../errors/invalid-argument.error';
import type { DocumentKey } from '../interfaces/document-key.interface';
import type { DocumentRecord } from '../interfaces/document-record.interface';
import type { DocumentRow } from '../interfaces/document-row.interface';
import type { PreparedChunk } from '../interfaces/prepared-chunk.interface';
import type { SqlExecutor } from '../interfaces/sql-executor.interface';
import type { UpsertDocumentInput } from '../interfaces/upsert-document-input.interface';
import type { VectorStoreContext } from '../interfaces/vector-store-context.interface';
import { batchChunks } from '../utils/batch-chunks.util';
import { checkContentHash } from '../utils/check-content-hash.util';
import { checkDocumentId } from '../utils/check-document-id.util';
import { checkIngestToken } from '../utils/check-ingest-token.util';
import { resolveCollection } from '../utils/resolve-collection.util';
import { runQuery } from '../utils/run-query.util';
import { toDocumentRecord } from '../utils/to-document-record.util';
import { toJsonbObject } from '../utils/to-jsonb-object.util';
import { toVectorLiteral } from '../utils/to-vector-literal.util';
import { MAX_INSERT_ROWS, PGLITE_FIRST_INSERT_ROWS, PGLITE_INSERT_TARGET_MS, PREPARE_SLICE_CHUNKS } from '../vector-store.constants';

/**
 * Writes the document row in the upsert's transaction, before its chunks: the row, or `null` to
 * write nothing.
 */
type WriteDocument = (tx: SqlExecutor, params: DocumentParams) => Promise<DocumentRow | null>;

/** `$1`-`$5` of the document statements: collection, id, content hash, metadata JSON, chunk count. */
type DocumentParams = [string, string, string | null, string, number];
/**
 * Writes a document with its chunks, or deletes it: `VectorStore.upsertDocument`,
 * `upsertDocumentIfCurrent` (only for the holder of the latest ingest token) and `deleteDocument`.
 * Every argument is checked before the database is touched. @internal
 *
 * Large documents never block the event loop for long: vector literals are formatted in slices
 * with a turn of the loop between them, and on PGlite (WASM on the event loop) chunk INSERTs are
 * sized to take about `PGLITE_INSERT_TARGET_MS` each, with a turn of the loop between them.
 */
export class DocumentWriter {
  readonly #context: VectorStoreContext;

  constructor(context: VectorStoreContext) {
    this.#context = context;
  }

  /** Replaces the document and all its chunks in one transaction. */
  async upsert(input: UpsertDocumentInput): Promise<DocumentRecord> {
    const { sql, collections } = this.#context;
    const record = await this.#upsert(input, async (tx, params) => {
      await collections.ensure(tx, params[0], 'upsert');
      return (await tx.query<DocumentRow>(sql.upsertDocument, params)).rows[0];
    });
    return record as DocumentRecord;
  }

  /**
   * `upsert` if the document still holds `token`, else `null` and no write. The document exists
   * when it does, so its collection does too: one UPDATE checks the token and locks the row, where
   * a lock, a collection insert and an upsert took three round trips.
   */
  async upsertIfCurrent(input: UpsertDocumentInput, token: string): Promise<DocumentRecord | null> {
    const current = checkIngestToken(token);
    const { sql, collections, options } = this.#context;
    return this.#upsert(input, async (tx, params) => {
      const [collection] = params;
      if (!(await collections.exists(tx, collection))) return null;
      collections.check(collection, options.dimensions, 'upsert');
      return (await tx.query<DocumentRow>(sql.updateDocumentIfToken, [...params, current])).rows[0] ?? null;
    });
  }

  /** Deletes the document and its chunks; `true` if it existed. */
  async delete(key: DocumentKey): Promise<boolean> {
    const { driver, sql, options } = this.#context;
    const collection = resolveCollection(key.collection, options.defaultCollection);
    const id = checkDocumentId(key.id);
    await this.#context.ready();
    const { rows } = await runQuery('deleteDocument', () => driver.query(sql.deleteDocument, [collection, id]));
    return rows.length > 0;
  }

  async #upsert(input: UpsertDocumentInput, writeDocument: WriteDocument): Promise<DocumentRecord | null> {
    const { driver, sql, options, collections } = this.#context;
    const collection = resolveCollection(input.collection, options.defaultCollection);
    const id = checkDocumentId(input.id);
    const contentHash = checkContentHash(input.contentHash);
    const metadata = toJsonbObject(input.metadata ?? {}, 'metadata');
    const chunks = await this.#prepareChunks(collection, input.chunks);
    collections.check(collection, options.dimensions, 'upsert');
    await this.#context.ready();
    const insert = async (tx: SqlExecutor, batch: readonly PreparedChunk[]): Promise<void> => {
      const params = [collection, id, ...batch.flatMap((chunk) => [chunk.ordinal, chunk.text, chunk.literal])];
      await tx.query(sql.insertChunks(batch.length), params);
    };
    return runQuery('upsert', () =>
      driver.transaction(async (tx) => {
        const row = await writeDocument(tx, [collection, id, contentHash, metadata, chunks.length]);
        if (row === null) return null;
        await tx.query(sql.deleteChunks, [collection, id]);
        if (driver.kind === 'pglite') {
          await insertInTimedSlices(chunks, (batch) => insert(tx, batch));
        } else {
          for (const batch of batchChunks(chunks)) await insert(tx, batch);
        }
        return toDocumentRecord(row);
      }),
    );
  }

  async #prepareChunks(collection: string, chunks: UpsertDocumentInput['chunks']): Promise<PreparedChunk[]> {
    if (!Array.isArray(chunks)) throw new InvalidArgumentError('chunks must be an array');
    const seen = new Set<number>();
    const prepared: PreparedChunk[] = [];
    for (let start = 0; start < chunks.length; start += PREPARE_SLICE_CHUNKS) {
      if (start > 0) await yieldToEventLoop();
      const slice = chunks.slice(start, start + PREPARE_SLICE_CHUNKS);
      slice.forEach((chunk: UpsertDocumentInput['chunks'][number], i) => prepared.push(this.#prepareChunk(collection, chunk, start + i, seen)));
    }
    return prepared;
  }

  #prepareChunk(collection: string, chunk: UpsertDocumentInput['chunks'][number], index: number, seen: Set<number>): PreparedChunk {
    const { dimensions } = this.#context.options;
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
    if (chunk.embedding.length !== dimensions) {
      const expected = this.#context.collections.get(collection) ?? dimensions;
      throw new DimensionMismatchError(collection, expected, chunk.embedding.length, 'upsert');
    }
    return { ordinal, text: chunk.text, literal };
  }
}

/**
 * Inserts `chunks` in statements sized to take about `PGLITE_INSERT_TARGET_MS` each (starting with
 * `PGLITE_FIRST_INSERT_ROWS` rows, at most doubling from one to the next), with a turn of the event
 * loop after each, so that HTTP keeps being served while a PGlite transaction inserts thousands of rows.
 */
async function insertInTimedSlices(chunks: readonly PreparedChunk[], insert: (batch: readonly PreparedChunk[]) => Promise<void>): Promise<void> {
  let rows = PGLITE_FIRST_INSERT_ROWS;
  for (let at = 0; at < chunks.length; ) {
    const [batch] = batchChunks(chunks.slice(at, at + rows), rows);
    const started = performance.now();
    await insert(batch);
    const elapsed = performance.now() - started;
    at += batch.length;
    rows = Math.max(1, Math.min(MAX_INSERT_ROWS, rows * 2, Math.floor((rows * PGLITE_INSERT_TARGET_MS) / Math.max(1, elapsed))));
    await yieldToEventLoop();
  }
}
