/** Rows returned by `SqlExecutor.query`. */
export interface SqlQueryResult<T> {
  /** The result rows, one object per row keyed by column name. */
  rows: T[];
}
