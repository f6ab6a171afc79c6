import type { DocumentKey } from '../interfaces/document-key.interface';
import type { DocumentRecord } from '../interfaces/document-record.interface';
import type { DocumentRow } from '../interfaces/document-row.interface';
import type { VectorStoreContext } from '../interfaces/vector-store-context.interface';
import { checkDocumentId } from '../utils/check-document-id.util';
import { resolveCollection } from '../utils/resolve-collection.util';
import { runQuery } from '../utils/run-query.util';
import { toDocumentRecord } from '../utils/to-document-record.util';

/** Reads one document's row: `VectorStore.getDocument` and `findDocumentHash`. @internal */
export class DocumentReader {
  readonly #context: VectorStoreContext;

  constructor(context: VectorStoreContext) {
    this.#context = context;
  }

  /** The document, or `null` if it (or its collection) does not exist. */
  async get(key: DocumentKey): Promise<DocumentRecord | null> {
    const { driver, sql } = this.#context;
    const params = this.#keyParams(key);
    await this.#context.ready();
    const { rows } = await runQuery('getDocument', () => driver.query<DocumentRow>(sql.selectDocument, params));
    return rows.length === 0 ? null : toDocumentRecord(rows[0]);
  }

  /** The `contentHash` of the document's last successful upsert, or `null`. */
  async findHash(key: DocumentKey): Promise<string | null> {
    const { driver, sql } = this.#context;
    const params = this.#keyParams(key);
    await this.#context.ready();
    const { rows } = await runQuery('findDocumentHash', () => driver.query<{ content_hash: string | null }>(sql.selectContentHash, params));
    return rows[0]?.content_hash ?? null;
  }

  /** Documents still `pending` or `processing` whose row has not changed since `updatedBefore`, in key order after `after`, at most `limit`. */
  async staleInFlight(updatedBefore: Date, limit: number, after?: DocumentKey): Promise<DocumentRecord[]> {
    const { driver, sql } = this.#context;
    const [collection, id] = after === undefined ? [null, null] : this.#keyParams(after);
    await this.#context.ready();
    const { rows } = await runQuery('findStaleInFlight', () =>
      driver.query<DocumentRow>(sql.selectStaleInFlight, [updatedBefore.toISOString(), limit, collection, id]),
    );
    return rows.map(toDocumentRecord);
  }

  #keyParams(key: DocumentKey): [string, string] {
    return [resolveCollection(key.collection, this.#context.options.defaultCollection), checkDocumentId(key.id)];
  }
}
