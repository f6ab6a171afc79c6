import { InvalidArgumentError } from '../errors/invalid-argument.error';
import type { DocumentKey } from '../interfaces/document-key.interface';
import type { DocumentRecord } from '../interfaces/document-record.interface';
import type { DocumentRow } from '../interfaces/document-row.interface';
import type { DocumentState } from '../interfaces/document-state.interface';
import type { SetDocumentStateInput } from '../interfaces/set-document-state-input.interface';
import type { VectorStoreContext } from '../interfaces/vector-store-context.interface';
import { checkDocumentId } from '../utils/check-document-id.util';
import { checkIngestToken } from '../utils/check-ingest-token.util';
import { resolveCollection } from '../utils/resolve-collection.util';
import { runQuery } from '../utils/run-query.util';
import { toDocumentRecord } from '../utils/to-document-record.util';
import { toJsonbObject } from '../utils/to-jsonb-object.util';

const DOCUMENT_STATES: readonly DocumentState[] = ['pending', 'processing', 'ready', 'failed'];

/** The checked parameters of a state change, in the order the statements bind them (after the state). */
interface StateParams {
  collection: string;
  id: string;
  error: string | null;
  metadata: string | null;
  requestedMetadata: string | null;
}

/**
 * A document's ingestion state transitions: `VectorStore.setDocumentState` (recording the latest
 * ingest token) and `setDocumentStateIfCurrent` (only for that token's holder). Chunks and content
 * hash are never touched here. @internal
 */
export class DocumentStates {
  readonly #context: VectorStoreContext;

  constructor(context: VectorStoreContext) {
    this.#context = context;
  }

  /** Records the state, creating the document (and its collection) if missing. */
  async set(input: SetDocumentStateInput): Promise<DocumentRecord> {
    const { driver, sql, options, collections } = this.#context;
    const { collection, id, error, metadata, requestedMetadata } = this.#stateParams(input);
    const token = input.ingestToken === undefined ? null : checkIngestToken(input.ingestToken);
    collections.check(collection, options.dimensions, 'setDocumentState');
    await this.#context.ready();
    return runQuery('setDocumentState', () =>
      driver.transaction(async (tx) => {
        await collections.ensure(tx, collection, 'setDocumentState');
        const { rows } = await tx.query<DocumentRow>(sql.upsertDocumentState, [
          collection,
          id,
          input.state,
          error,
          metadata,
          token,
          requestedMetadata,
        ]);
        return toDocumentRecord(rows[0]);
      }),
    );
  }

  /** Updates the state of an existing document still holding `token`; `null` (and no change) otherwise. */
  async setIfCurrent(input: Omit<SetDocumentStateInput, 'ingestToken'>, token: string): Promise<DocumentRecord | null> {
    const { driver, sql } = this.#context;
    const { collection, id, error, metadata, requestedMetadata } = this.#stateParams(input);
    const current = checkIngestToken(token);
    await this.#context.ready();
    const { rows } = await runQuery('setDocumentState', () =>
      driver.query<DocumentRow>(sql.updateDocumentStateIfToken, [collection, id, input.state, error, metadata, current, requestedMetadata]),
    );
    return rows.length === 0 ? null : toDocumentRecord(rows[0]);
  }

  /** Marks `failed` with `error` a document still in flight under `token`, unchanged since `updatedBefore`; `null` (and no change) otherwise. */
  async failStale(key: DocumentKey, token: string, updatedBefore: Date, error: string): Promise<DocumentRecord | null> {
    const { driver, sql } = this.#context;
    const { collection, id } = this.#stateParams({ ...key, state: 'failed', error });
    const current = checkIngestToken(token);
    await this.#context.ready();
    const { rows } = await runQuery('failStaleDocument', () =>
      driver.query<DocumentRow>(sql.failStaleInFlight, [collection, id, error, current, updatedBefore.toISOString()]),
    );
    return rows.length === 0 ? null : toDocumentRecord(rows[0]);
  }

  #stateParams(input: Omit<SetDocumentStateInput, 'ingestToken'>): StateParams {
    const collection = resolveCollection(input.collection, this.#context.options.defaultCollection);
    const id = checkDocumentId(input.id);
    if (!DOCUMENT_STATES.includes(input.state)) {
      throw new InvalidArgumentError(`state must be one of ${DOCUMENT_STATES.join(', ')} (got ${JSON.stringify(input.state)})`);
    }
    const error = input.error ?? null;
    if (error !== null && typeof error !== 'string') throw new InvalidArgumentError('error must be a string or null');
    const metadata = input.metadata === undefined ? null : toJsonbObject(input.metadata, 'metadata');
    const requestedMetadata = input.requestedMetadata === undefined ? null : toJsonbObject(input.requestedMetadata, 'requestedMetadata');
    return { collection, id, error, metadata, requestedMetadata };
  }
}
