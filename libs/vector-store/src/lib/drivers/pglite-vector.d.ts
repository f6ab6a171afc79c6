// `@electric-sql/pglite/vector` is a subpath export, which TypeScript's `moduleResolution: node`
// (tsconfig.base.json) cannot see; Node's require resolves it at run time. Same type as its own d.ts.
declare module '@electric-sql/pglite/vector' {
  import type { Extension } from '@electric-sql/pglite';

  /** pgvector for PGlite: `PGlite.create({ extensions: { vector } })`, then `CREATE EXTENSION vector`. */
  export const vector: Extension;
}
