import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { EMBEDDING_JOBS_QUEUE, EMBED_TEXTS_JOB, INGEST_DOCUMENT_JOB, INGEST_DOCUMENT_JOB_OPTIONS, bullConnectionFromUrl } from '@rag/embedding-jobs';
import type { EmbeddingQueueJobData } from '@rag/embedding-jobs';
import { LocalEmbeddingProvider } from '@rag/embeddings';
import { freePort, spawnApp, startPostgresServer } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';
import { PgDriver, VECTOR_STORE_DEFAULTS, VectorStore, toVectorLiteral } from '@rag/vector-store';
import { measureSearchQuality } from './search-quality';
import type { SearchQualityRow } from './search-quality';
import { BENCH_CHUNKING, syntheticCorpus, syntheticText } from './synthetic-text';
import type { BenchDocument } from './synthetic-text';

/** Options of the PostgreSQL suite. */
export interface PostgresSuiteOptions {
  /** Chunks to ingest (at least; whole documents of ~10 chunks). */
  chunks: number;
  queries: number;
  /** Worker fleet sizes to measure, ascending. */
  workers: number[];
  /** `ef_search` values of the recall sweep. */
  efSearch: number[];
}

/** One timed ingestion of the whole corpus. */
export interface IngestionRow {
  name: string;
  seconds: number;
  chunksPerSecond: number;
}

/** What the PostgreSQL suite measured. */
export interface PostgresResult {
  server: string;
  pgvector: string;
  documents: number;
  chunks: number;
  dims: number;
  /** The batched-INSERT floor, measured before and after the fleet runs. */
  floors: IngestionRow[];
  /** Ingestion through N worker processes, embeddings from the cache. */
  fleet: Array<IngestionRow & { workers: number }>;
  /** Search latency and recall@10 per `ef_search`. */
  search: SearchQualityRow[];
  queries: number;
}

const COLLECTION = 'bench';
const DOCUMENTS = 'vector_store.documents';
const CHUNKS = 'vector_store.chunks_d384';
/** Rows per INSERT of the floor: one statement per 1,000 rows, all in one transaction. */
const FLOOR_BATCH = 1_000;

async function emptyTables(db: Client): Promise<void> {
  await db.query(`TRUNCATE ${CHUNKS}, ${DOCUMENTS}`);
  // TRUNCATE gives fresh, empty relations and an empty HNSW index: every run starts alike.
  await db.query(`INSERT INTO vector_store.collections (name, dims) VALUES ($1, 384) ON CONFLICT (name) DO NOTHING`, [COLLECTION]);
}

/**
 * The floor: the same documents and chunks (same texts, same vectors) written by one transaction of
 * multi-row `INSERT … SELECT FROM unnest(…)` statements (1,000 rows each) into the same tables and
 * HNSW index, from one connection: what the database costs without the fleet around it.
 */
async function floor(db: Client, documents: BenchDocument[], literals: string[][]): Promise<number> {
  await emptyTables(db);
  const started = performance.now();
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO ${DOCUMENTS} (collection, id, metadata, chunk_count, state)
     SELECT $1, u.id, u.metadata, u.n, 'ready' FROM unnest($2::text[], $3::jsonb[], $4::int[]) AS u(id, metadata, n)`,
    [COLLECTION, documents.map((d) => d.id), documents.map((d) => JSON.stringify(d.metadata)), documents.map((d) => d.pieces.length)],
  );
  const rows = documents.flatMap((d, i) => d.pieces.map((text, ordinal) => ({ id: d.id, ordinal, text, literal: literals[i][ordinal] })));
  for (let at = 0; at < rows.length; at += FLOOR_BATCH) {
    const batch = rows.slice(at, at + FLOOR_BATCH);
    await db.query(
      `INSERT INTO ${CHUNKS} (collection, document_id, ordinal, text, embedding)
       SELECT $1, u.d, u.o, u.t, u.e::vector(384) FROM unnest($2::text[], $3::int[], $4::text[], $5::text[]) AS u(d, o, t, e)`,
      [COLLECTION, batch.map((r) => r.id), batch.map((r) => r.ordinal), batch.map((r) => r.text), batch.map((r) => r.literal)],
    );
  }
  await db.query('COMMIT');
  return (performance.now() - started) / 1000;
}

/** Polls until `count` documents of the collection are ready; throws on a failed one. */
async function untilReady(db: Client, count: number, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const { rows } = await db.query<{ ready: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE state = 'ready')::int AS ready, count(*) FILTER (WHERE state = 'failed')::int AS failed
         FROM ${DOCUMENTS} WHERE collection = $1`,
      [COLLECTION],
    );
    if (rows[0].failed > 0) throw new Error(`${rows[0].failed} document(s) failed during the fleet benchmark`);
    if (rows[0].ready >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${rows[0].ready} of ${count} documents ready after ${deadlineMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Ingestion as production runs it: each document `pending` with its token (as `POST /v1/documents`
 * leaves it) and one `ingest-document` job, queued while the queue is paused; the clock runs from
 * resuming the queue until every document is ready.
 */
async function fleetRun(db: Client, store: VectorStore, queue: Queue<EmbeddingQueueJobData>, documents: BenchDocument[]): Promise<number> {
  await emptyTables(db);
  await queue.pause();
  const jobs = [];
  for (const d of documents) {
    const token = randomUUID();
    await store.setDocumentState({ collection: COLLECTION, id: d.id, state: 'pending', ingestToken: token, requestedMetadata: d.metadata });
    jobs.push({ name: INGEST_DOCUMENT_JOB, data: { collection: COLLECTION, id: d.id, text: d.text, metadata: d.metadata, token }, opts: INGEST_DOCUMENT_JOB_OPTIONS });
  }
  await queue.addBulk(jobs);
  const started = performance.now();
  await queue.resume();
  await untilReady(db, documents.length, 600_000);
  return (performance.now() - started) / 1000;
}

async function startWorkers(count: number, env: Record<string, string>): Promise<SpawnedApp[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const port = await freePort();
      return spawnApp('apps/worker/src/main.ts', { ...env, WORKER_HTTP_PORT: String(port), LOG_LEVEL: 'warn' }, `http://127.0.0.1:${port}/health/live`);
    }),
  );
}

/**
 * Real PostgreSQL with pgvector (a private server from the system binaries, crash-safe settings):
 * fleet ingestion through 1, 2 and 4 worker processes (embeddings from the Redis cache, local
 * provider) against the batched-INSERT floor of the same rows in the same run; then search
 * latency and recall@10 of the HNSW index against an exact scan over the whole corpus.
 */
export async function runPostgresSuite(redis: TestRedisServer, options: PostgresSuiteOptions): Promise<PostgresResult> {
  const provider = new LocalEmbeddingProvider();
  const documents = syntheticCorpus(options.chunks);
  const chunks = documents.reduce((n, d) => n + d.pieces.length, 0);
  const literals: string[][] = [];
  for (const d of documents) literals.push((await provider.embed(d.pieces)).map((v) => toVectorLiteral(v)));

  const pg = await startPostgresServer({ durable: true });
  const db = new Client({ connectionString: pg.url });
  await db.connect();
  const driver = new PgDriver({ connectionString: pg.url, poolSize: 4 });
  const storeOptions = { dimensions: provider.dimensions, ...BENCH_CHUNKING };
  const store = new VectorStore(driver, storeOptions);
  const queue = new Queue<EmbeddingQueueJobData>(EMBEDDING_JOBS_QUEUE, { connection: bullConnectionFromUrl(redis.url) });
  const workers: SpawnedApp[] = [];
  const env = {
    REDIS_URL: redis.url,
    DATABASE_URL: pg.url,
    OPENAI_API_KEY: '',
    EMBEDDING_PROVIDER: 'local',
    CHUNK_SIZE: String(BENCH_CHUNKING.chunkSize),
    CHUNK_OVERLAP: String(BENCH_CHUNKING.chunkOverlap),
  };
  try {
    await store.init();
    const { rows: versions } = await db.query<{ server: string; pgvector: string }>(
      "SELECT current_setting('server_version') AS server, (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS pgvector",
    );
    const floors: IngestionRow[] = [];
    const fleet: PostgresResult['fleet'] = [];
    const row = (name: string, seconds: number): IngestionRow => ({ name, seconds, chunksPerSecond: chunks / seconds });
    floors.push(row('floor (before the fleet runs)', await floor(db, documents, literals)));

    let warmed = false;
    for (const count of options.workers) {
      workers.push(...(await startWorkers(count - workers.length, env)));
      if (!warmed) {
        // Every chunk's embedding into the cache once (the fleet then reads them all from Redis).
        const texts = documents.flatMap((d) => d.pieces);
        const added = await queue.addBulk(
          Array.from({ length: Math.ceil(texts.length / 2_000) }, (_, i) => ({ name: EMBED_TEXTS_JOB, data: { texts: texts.slice(i * 2_000, (i + 1) * 2_000) } })),
        );
        for (const job of added) {
          for (;;) {
            const state = await queue.getJobState(job.id as string);
            if (state === 'completed') break;
            if (state === 'failed') throw new Error(`cache warm-up job ${job.id} failed`);
            await new Promise((r) => setTimeout(r, 50));
          }
        }
        warmed = true;
      }
      // A short run first: the new processes' JIT, pools and caches warm up, as in a fleet that has been running.
      await fleetRun(db, store, queue, documents.slice(0, Math.min(documents.length, 8 * count)));
      fleet.push({ ...row(`${count} worker${count > 1 ? 's' : ''}`, await fleetRun(db, store, queue, documents)), workers: count });
    }
    floors.push(row('floor (after the fleet runs)', await floor(db, documents, literals)));

    // Searches run over the rows the last floor wrote (the same rows the fleet writes), analysed as
    // autovacuum would after a bulk load.
    await store.analyze();
    const queries = await provider.embed(Array.from({ length: options.queries }, (_, i) => syntheticText(1_000_000 + i, 1)));
    const search = await measureSearchQuality(driver, {
      store: storeOptions,
      collection: COLLECTION,
      queries,
      filter: { group: 3 },
      topK: 10,
      efSearch: options.efSearch,
    });
    return {
      server: versions[0].server.split(' ')[0],
      pgvector: versions[0].pgvector,
      documents: documents.length,
      chunks,
      dims: provider.dimensions,
      floors,
      fleet,
      search,
      queries: options.queries,
    };
  } finally {
    workers.forEach((worker) => worker.kill('SIGTERM'));
    await Promise.all(workers.map((worker) => worker.exited));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await driver.close();
    await db.end();
    await pg.stop();
  }
}

/** `ef_search` values of the recall / latency trade-off: pgvector's default (40), the store's, and larger ones. */
export const EF_SEARCH_SWEEP = [...new Set([40, VECTOR_STORE_DEFAULTS.hnsw.efSearch, 64, 100, 200])].sort((a, b) => a - b);
