import type { SqlDriverKind } from './sql-driver-kind.interface';
import type { SqlExecutor } from './sql-executor.interface';

/**
 * The small query interface `VectorStore` is written against: PostgreSQL SQL with `$n` parameters.
 * Implementations: `PgDriver` (a `pg` Pool) and `PGliteDriver` (PGlite in-process).
 */
export interface SqlDriver extends SqlExecutor {
  /** Which database this driver talks to (for logs). */
  readonly kind: SqlDriverKind;
  /** Where the data lives, safe to log: a URL with its password redacted, a directory, or `memory://`. */
  readonly location: string;
  /**
   * Runs `fn` in one transaction on one connection: committed when `fn` resolves, rolled back
   * (and the error rethrown) when it rejects. Use only `tx` inside `fn`.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Releases every connection (or closes the PGlite database). Idempotent. */
  close(): Promise<void>;
}
