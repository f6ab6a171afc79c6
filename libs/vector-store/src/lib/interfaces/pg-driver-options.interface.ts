/** Options of `PgDriver`. */
export interface PgDriverOptions {
  /** `postgres://` or `postgresql://` URL of a PostgreSQL with the pgvector extension available. */
  connectionString: string;
  /**
   * Largest number of pooled connections.
   * @default 10
   */
  poolSize?: number;
  /**
   * `application_name` reported to PostgreSQL (visible in `pg_stat_activity`).
   * @default 'rag-vector-store'
   */
  applicationName?: string;
}
