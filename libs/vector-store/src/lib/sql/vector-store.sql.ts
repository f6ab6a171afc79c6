import type { HnswOptions } from '../interfaces/hnsw-options.interface';
import type { VectorIndexKind } from '../interfaces/vector-index-kind.interface';
import { SCHEMA_LOCK_KEY } from '../vector-store.constants';

/** Columns of a document row, as `DocumentRow` reads them. */
const DOCUMENT_COLUMNS =
  'collection, id, content_hash, metadata, requested_metadata, chunk_count, state, error, ingest_token, created_at, updated_at';

/**
 * Every statement of the store, for one schema and one dimension count. The same SQL runs on
 * PostgreSQL + pgvector and on PGlite. Identifiers are validated (schema) or built from integers
 * (dimensions); every value is a `$n` parameter.
 */
export class VectorStoreSql {
  readonly collections: string;
  readonly documents: string;
  readonly chunks: string;
  readonly #schema: string;
  readonly #dimensions: number;

  constructor(schema: string, dimensions: number) {
    this.#schema = schema;
    this.#dimensions = dimensions;
    this.collections = `"${schema}".collections`;
    this.documents = `"${schema}".documents`;
    this.chunks = `"${schema}".${chunkTableName(dimensions)}`;
  }

  /** Serialises schema creation between processes booting at once (held until the transaction ends). */
  readonly lockSchema = `SELECT pg_advisory_xact_lock(${SCHEMA_LOCK_KEY})`;
  readonly createExtension = 'CREATE EXTENSION IF NOT EXISTS vector';
  readonly selectVectorVersion = "SELECT extversion AS version FROM pg_extension WHERE extname = 'vector'";
  /** `$1` schema name → one row if it exists. */
  readonly selectSchema = 'SELECT 1 FROM pg_namespace WHERE nspname = $1';

  get createSchema(): string {
    return `CREATE SCHEMA IF NOT EXISTS "${this.#schema}"`;
  }

  /** Idempotent DDL of the shared tables and of this dimension count's chunks table and index (the schema exists). */
  schemaStatements(hnsw: Required<HnswOptions>, index: VectorIndexKind): string[] {
    const table = chunkTableName(this.#dimensions);
    const statements = [
      `CREATE TABLE IF NOT EXISTS ${this.collections} (
        name text PRIMARY KEY,
        dims integer NOT NULL CHECK (dims > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE IF NOT EXISTS ${this.documents} (
        collection text NOT NULL REFERENCES ${this.collections} (name) ON DELETE CASCADE,
        id text NOT NULL,
        content_hash text,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        chunk_count integer NOT NULL DEFAULT 0,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'processing', 'ready', 'failed')),
        error text,
        ingest_token text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collection, id)
      )`,
      // Added after the first release: stores created before it gain the column.
      `ALTER TABLE ${this.documents} ADD COLUMN IF NOT EXISTS ingest_token text`,
      `ALTER TABLE ${this.documents} ADD COLUMN IF NOT EXISTS requested_metadata jsonb`,
      `CREATE INDEX IF NOT EXISTS documents_metadata_idx ON ${this.documents} USING gin (metadata jsonb_path_ops)`,
      // The reconciler's scan (selectStaleInFlight): only the rows in flight (the backlog), in its
      // order, so a pass never reads the ready and failed documents that make up the table.
      `CREATE INDEX IF NOT EXISTS documents_in_flight_idx ON ${this.documents} (collection, id, updated_at) WHERE state IN ('pending', 'processing')`,
      `CREATE TABLE IF NOT EXISTS ${this.chunks} (
        collection text NOT NULL,
        document_id text NOT NULL,
        ordinal integer NOT NULL CHECK (ordinal >= 0),
        text text NOT NULL,
        embedding vector(${this.#dimensions}) NOT NULL,
        PRIMARY KEY (collection, document_id, ordinal),
        FOREIGN KEY (collection, document_id) REFERENCES ${this.documents} (collection, id) ON DELETE CASCADE
      )`,
    ];
    const withClause = `WITH (m = ${hnsw.m}, ef_construction = ${hnsw.efConstruction})`;
    switch (index) {
      case 'vector':
        statements.push(
          `CREATE INDEX IF NOT EXISTS ${table}_embedding_hnsw ON ${this.chunks} USING hnsw (embedding vector_cosine_ops) ${withClause}`,
        );
        break;
      case 'halfvec':
        statements.push(
          `CREATE INDEX IF NOT EXISTS ${table}_embedding_hnsw ON ${this.chunks} ` +
            `USING hnsw ((embedding::halfvec(${this.#dimensions})) halfvec_cosine_ops) ${withClause}`,
        );
        break;
      case 'none':
        break;
      default: {
        const unexpected: never = index;
        throw new Error(`Unknown index kind ${String(unexpected)}`);
      }
    }
    return statements;
  }

  get analyze(): string {
    return `ANALYZE ${this.documents}, ${this.chunks}`;
  }

  /** `$1` name → `{ dims }` or no row. */
  get selectCollection(): string {
    return `SELECT dims FROM ${this.collections} WHERE name = $1`;
  }

  /** `$1` name, `$2` dims; does nothing if the collection exists. */
  get insertCollection(): string {
    return `INSERT INTO ${this.collections} (name, dims) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`;
  }

  get listCollections(): string {
    return `SELECT name, dims FROM ${this.collections} ORDER BY name`;
  }

  /** `$1` collection, `$2` id → `DocumentRow`. */
  get selectDocument(): string {
    return `SELECT ${DOCUMENT_COLUMNS} FROM ${this.documents} WHERE collection = $1 AND id = $2`;
  }

  /**
   * `$1` updated before (timestamptz), `$2` limit, then `$3` collection and `$4` id of the last row
   * of the previous page (both null for the first page) → `DocumentRow`s still `pending` or
   * `processing` that have not changed since `$1` (the reconciler's candidates), in key order after
   * the previous page's last, read through `documents_in_flight_idx`.
   */
  get selectStaleInFlight(): string {
    return `SELECT ${DOCUMENT_COLUMNS} FROM ${this.documents}
      WHERE state IN ('pending', 'processing') AND updated_at < $1
        AND ($3::text IS NULL OR (collection, id) > ($3::text, $4::text))
      ORDER BY collection, id LIMIT $2`;
  }

  /**
   * `$1` collection, `$2` id, `$3` error, `$4` ingest token, `$5` updated before → the `DocumentRow`
   * now `failed` with `$3`, or no row when the document is gone, holds another token, is no longer
   * `pending`/`processing`, or changed since `$5` (its ingestion moved on meanwhile). Never inserts.
   */
  get failStaleInFlight(): string {
    return `UPDATE ${this.documents} SET state = 'failed', error = $3, updated_at = now()
      WHERE collection = $1 AND id = $2 AND ingest_token = $4 AND state IN ('pending', 'processing') AND updated_at < $5
      RETURNING ${DOCUMENT_COLUMNS}`;
  }

  /** `$1` collection, `$2` id → `{ content_hash }`. */
  get selectContentHash(): string {
    return `SELECT content_hash FROM ${this.documents} WHERE collection = $1 AND id = $2`;
  }

  /**
   * `$1` collection, `$2` id, `$3` content hash, `$4` metadata JSON, `$5` chunk count → `DocumentRow`;
   * state becomes `ready`, and the requested metadata is applied (cleared).
   */
  get upsertDocument(): string {
    return `INSERT INTO ${this.documents} AS d (collection, id, content_hash, metadata, chunk_count, state, error)
      VALUES ($1, $2, $3, $4::jsonb, $5, 'ready', NULL)
      ON CONFLICT (collection, id) DO UPDATE SET
        content_hash = EXCLUDED.content_hash, metadata = EXCLUDED.metadata, chunk_count = EXCLUDED.chunk_count,
        requested_metadata = NULL, state = 'ready', error = NULL, updated_at = now()
      RETURNING ${DOCUMENT_COLUMNS}`;
  }

  /**
   * `$1` collection, `$2` id, `$3` state, `$4` error, `$5` metadata JSON or null (keep), `$6` ingest
   * token or null (keep), `$7` requested metadata JSON or null (keep; cleared by `ready`) → `DocumentRow`.
   */
  get upsertDocumentState(): string {
    return `INSERT INTO ${this.documents} AS d (collection, id, state, error, metadata, ingest_token, requested_metadata)
      VALUES ($1, $2, $3, $4, COALESCE($5::jsonb, '{}'::jsonb), $6, CASE WHEN $3::text = 'ready' THEN NULL ELSE $7::jsonb END)
      ON CONFLICT (collection, id) DO UPDATE SET
        state = EXCLUDED.state, error = EXCLUDED.error, metadata = COALESCE($5::jsonb, d.metadata),
        ingest_token = COALESCE($6, d.ingest_token),
        requested_metadata = CASE WHEN $3::text = 'ready' THEN NULL ELSE COALESCE($7::jsonb, d.requested_metadata) END,
        updated_at = now()
      RETURNING ${DOCUMENT_COLUMNS}`;
  }

  /**
   * `$1` collection, `$2` id, `$3` state, `$4` error, `$5` metadata JSON or null (keep), `$6` ingest
   * token, `$7` requested metadata JSON or null (keep; cleared by `ready`) → `DocumentRow`, or no row
   * when the document is gone or holds another token. Never inserts.
   */
  get updateDocumentStateIfToken(): string {
    return `UPDATE ${this.documents} AS d SET
        state = $3, error = $4, metadata = COALESCE($5::jsonb, d.metadata),
        requested_metadata = CASE WHEN $3::text = 'ready' THEN NULL ELSE COALESCE($7::jsonb, d.requested_metadata) END,
        updated_at = now()
      WHERE collection = $1 AND id = $2 AND ingest_token = $6
      RETURNING ${DOCUMENT_COLUMNS}`;
  }

  /**
   * `upsertDocument` for the holder of the token, never inserting: `$1` collection, `$2` id, `$3`
   * content hash, `$4` metadata JSON, `$5` chunk count, `$6` ingest token → `DocumentRow` (the row
   * locked until the transaction ends), or no row when the document is gone or holds another token.
   */
  get updateDocumentIfToken(): string {
    return `UPDATE ${this.documents} AS d SET
        content_hash = $3, metadata = $4::jsonb, chunk_count = $5, requested_metadata = NULL,
        state = 'ready', error = NULL, updated_at = now()
      WHERE collection = $1 AND id = $2 AND ingest_token = $6
      RETURNING ${DOCUMENT_COLUMNS}`;
  }

  /** `$1` collection, `$2` id → `{ id }` if it existed; its chunks go with it (ON DELETE CASCADE). */
  get deleteDocument(): string {
    return `DELETE FROM ${this.documents} WHERE collection = $1 AND id = $2 RETURNING id`;
  }

  /** `$1` collection, `$2` document id. */
  get deleteChunks(): string {
    return `DELETE FROM ${this.chunks} WHERE collection = $1 AND document_id = $2`;
  }

  /** Multi-row INSERT of `rows` chunks: `$1` collection, `$2` document id, then ordinal, text, vector literal per row. */
  insertChunks(rows: number): string {
    const values = Array.from({ length: rows }, (_, i) => `($1, $2, $${3 + 3 * i}, $${4 + 3 * i}, $${5 + 3 * i}::vector)`);
    return `INSERT INTO ${this.chunks} (collection, document_id, ordinal, text, embedding) VALUES ${values.join(', ')}`;
  }

  /**
   * k-nearest chunks by cosine distance, in one statement: `$1` collection, `$2` query vector
   * literal, `$3` k, then `$4` the metadata filter JSON when `filtered`, then (with an HNSW index)
   * `hnsw.ef_search` as text → `SearchRow`s, nearest first.
   *
   * With an index, the statement sets `hnsw.ef_search` (and, on pgvector ≥ 0.8, relaxed-order
   * iterative scans) for itself: `set_config(…, true)` in a one-row subquery that the index scan
   * depends on (LATERAL), so the planner puts it in a one-time filter evaluated before the scan's
   * first row, and the settings end with the statement's own transaction. One round trip instead of
   * four (BEGIN, settings, search, COMMIT): under load the search's p99 halved (12 → 6 ms).
   *
   * `relaxed_order`, not `strict_order`: a strict scan drops candidates it meets after a farther one
   * was returned, and after a few re-ingestions of a document (its old chunks still in the graph
   * until VACUUM) it returned 3 of a document's 8 chunks. The `k` rows are sorted again outside the
   * scan, so results still come in exact distance order (pgvector's documented pattern).
   *
   * A filtered search with `exactScanMaxChunks` > 0 counts the chunks of the matching documents (of
   * at most `exactScanMaxChunks + 1` of them) in the same subquery and runs one of two branches: the
   * index when more match, else an exact scan of the matching chunks (its `+ 0` keeps the planner
   * off the index). The other branch's one-time filter is false: it never runs.
   */
  search(index: VectorIndexKind, filtered: boolean, iterativeScan = true, exactScanMaxChunks = 0): string {
    const distance =
      index === 'halfvec'
        ? `(c.embedding::halfvec(${this.#dimensions}) <=> $2::halfvec(${this.#dimensions}))`
        : '(c.embedding <=> $2::vector)';
    const nearest = (gate: string, order: string) => `SELECT c.document_id, c.ordinal, c.text, d.metadata, ${distance} AS distance
        FROM ${this.chunks} c
        JOIN ${this.documents} d ON d.collection = c.collection AND d.id = c.document_id
        WHERE c.collection = $1${filtered ? ' AND d.metadata @> $4::jsonb' : ''}${gate}
        ORDER BY ${order}
        LIMIT $3`;
    if (index === 'none') return nearest('', distance);
    const efSearch = filtered ? '$5' : '$4';
    const iterative = iterativeScan ? ", set_config('hnsw.iterative_scan', 'relaxed_order', true) AS iterative_scan" : '';
    if (!filtered || exactScanMaxChunks <= 0) {
      return `SELECT n.document_id, n.ordinal, n.text, n.metadata, n.distance
      FROM (SELECT set_config('hnsw.ef_search', ${efSearch}, true) AS ef_search${iterative}) AS settings,
      LATERAL (
        ${nearest(' AND settings.ef_search IS NOT NULL', distance)}
      ) AS n
      ORDER BY n.distance`;
    }
    const max = Math.floor(exactScanMaxChunks);
    return `SELECT n.document_id, n.ordinal, n.text, n.metadata, n.distance
      FROM (
        SELECT set_config('hnsw.ef_search', ${efSearch}, true) AS ef_search${iterative},
          (SELECT coalesce(sum(m.chunk_count), 0) FROM (
            SELECT chunk_count FROM ${this.documents} WHERE collection = $1 AND metadata @> $4::jsonb LIMIT ${max + 1}
          ) AS m) AS matched
      ) AS settings,
      LATERAL (
        (${nearest(` AND settings.ef_search IS NOT NULL AND settings.matched > ${max}`, distance)})
        UNION ALL
        (${nearest(` AND settings.matched <= ${max}`, `${distance} + 0`)})
      ) AS n
      ORDER BY n.distance`;
  }
}

/** Name of the chunks table of one dimension count: `chunks_d384`. */
export function chunkTableName(dimensions: number): string {
  if (!Number.isSafeInteger(dimensions) || dimensions < 1) throw new RangeError(`dimensions must be a positive integer (got ${dimensions})`);
  return `chunks_d${dimensions}`;
}
