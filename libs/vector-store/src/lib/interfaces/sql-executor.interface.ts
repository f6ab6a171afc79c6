import type { SqlQueryResult } from './sql-query-result.interface';

/** Runs one parameterised statement (`$1`, `$2`, …). Both `SqlDriver` and a transaction are executors. */
export interface SqlExecutor {
  /** Runs `sql` with `params` bound to `$1…$n`; resolves with the rows. Rejects with the driver's error. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlQueryResult<T>>;
}
