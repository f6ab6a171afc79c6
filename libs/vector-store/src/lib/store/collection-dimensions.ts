import { DimensionMismatchError } from '../errors/dimension-mismatch.error';
import type { SqlExecutor } from '../interfaces/sql-executor.interface';
import type { VectorStoreSql } from '../sql/vector-store.sql';

/**
 * The dimensions of every collection the store has seen, and the checks against them. A
 * collection's dimensions never change, so once known they are not read again. @internal
 */
export class CollectionDimensions {
  readonly #known = new Map<string, number>();
  readonly #sql: VectorStoreSql;
  readonly #dimensions: number;

  constructor(sql: VectorStoreSql, dimensions: number) {
    this.#sql = sql;
    this.#dimensions = dimensions;
  }

  /** The collection's dimensions, if known. */
  get(collection: string): number | undefined {
    return this.#known.get(collection);
  }

  /** Records the dimensions the database holds for `collection`. */
  remember(collection: string, dims: number): void {
    this.#known.set(collection, dims);
  }

  /** Throws `DimensionMismatchError` when the collection is known to hold vectors of other dimensions than `actual`. */
  check(collection: string, actual: number, operation: string): void {
    const dims = this.#known.get(collection);
    if (dims !== undefined && dims !== actual) throw new DimensionMismatchError(collection, dims, actual, operation);
  }

  /** Creates the collection (in `tx`, with the store's dimensions) if missing, then checks its dimensions. */
  async ensure(tx: SqlExecutor, collection: string, operation: string): Promise<void> {
    await tx.query(this.#sql.insertCollection, [collection, this.#dimensions]);
    if (!this.#known.has(collection)) {
      const { rows } = await tx.query<{ dims: number }>(this.#sql.selectCollection, [collection]);
      this.#known.set(collection, rows[0].dims);
    }
    this.check(collection, this.#dimensions, operation);
  }

  /** Whether the collection exists, reading (and remembering) its dimensions when not yet known. */
  async exists(executor: SqlExecutor, collection: string): Promise<boolean> {
    if (this.#known.has(collection)) return true;
    const { rows } = await executor.query<{ dims: number }>(this.#sql.selectCollection, [collection]);
    if (rows.length === 0) return false;
    this.#known.set(collection, rows[0].dims);
    return true;
  }
}
