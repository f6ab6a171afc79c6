import type { ResolvedVectorStoreOptions } from '../config/resolve-options.util';
import type { VectorStoreSql } from '../sql/vector-store.sql';
import type { CollectionDimensions } from '../store/collection-dimensions';
import type { SqlDriver } from './sql-driver.interface';

/** What the rooms of `VectorStore` share: one driver, one set of statements, one view of the collections. @internal */
export interface VectorStoreContext {
  /** The store's driver (borrowed from the module). */
  readonly driver: SqlDriver;
  /** The store's statements, for its schema and dimensions. */
  readonly sql: VectorStoreSql;
  /** The options with every default filled in. */
  readonly options: ResolvedVectorStoreOptions;
  /** Dimensions of the collections seen so far. */
  readonly collections: CollectionDimensions;
  /** Resolves once the schema exists (creating it on first use); rejects when it cannot be created. */
  ready(): Promise<void>;
}
