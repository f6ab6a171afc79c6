/** Which database a `SqlDriver` talks to: PostgreSQL over `pg`, or PGlite in-process. */
export type SqlDriverKind = 'pg' | 'pglite';
