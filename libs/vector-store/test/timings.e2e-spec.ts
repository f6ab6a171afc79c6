import { Logger } from '@nestjs/common';
import { PgDriver } from '../src/lib/drivers/pg.driver';
import { PGliteDriver } from '../src/lib/drivers/pglite.driver';
import type { SqlDriver } from '../src/lib/interfaces/sql-driver.interface';
import { VectorStoreSql } from '../src/lib/sql/vector-store.sql';
import { toVectorLiteral } from '../src/lib/utils/to-vector-literal.util';
import { VectorStore } from '../src/lib/vector-store.service';
import { startPgliteServer, startPostgresServer } from '@rag/test-utils';
import { randomVectors } from './support/vectors';

/**
 * Measures, and prints, what docs/vector-store.md quotes: chunk inserts per second with the HNSW
 * index (one multi-row upsert vs one INSERT per row) and search latency. Asserts only correctness:
 * timings depend on the machine.
 */
const DIMS = 384;
const QUERIES = 50;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(label: string, driver: SqlDriver, rows: number, singleRows: number): Promise<void> {
  const store = new VectorStore(driver, { dimensions: DIMS, schema: 'timings' });
  await store.init();
  const vectors = randomVectors(rows, DIMS, 42);

  let started = performance.now();
  await store.upsertDocument({ collection: 'bench', id: 'batched', chunks: vectors.map((embedding, i) => ({ text: `chunk ${i}`, embedding })) });
  const batchedMs = performance.now() - started;

  await store.setDocumentState({ collection: 'bench', id: 'single', state: 'processing' });
  const sql = new VectorStoreSql('timings', DIMS);
  const singles = randomVectors(singleRows, DIMS, 43);
  started = performance.now();
  await driver.transaction(async (tx) => {
    for (const [i, embedding] of singles.entries()) {
      await tx.query(sql.insertChunks(1), ['bench', 'single', i, `single ${i}`, toVectorLiteral(embedding)]);
    }
  });
  const singleMs = performance.now() - started;

  const queries = randomVectors(QUERIES, DIMS, 44);
  const plan = async () => {
    const { rows: lines } = await driver.query<Record<string, string>>(`EXPLAIN ${sql.search('vector', false)}`, [
      'bench',
      toVectorLiteral(queries[0]),
      5,
      '40',
    ]);
    return lines.map((line) => Object.values(line)[0]).some((line) => line.includes('embedding_hnsw')) ? 'HNSW index scan' : 'exact scan';
  };
  const latencies = async () => {
    const times: number[] = [];
    for (const embedding of queries) {
      const t = performance.now();
      const results = await store.search({ collection: 'bench', embedding, topK: 5 });
      times.push(performance.now() - t);
      expect(results).toHaveLength(5);
    }
    return times;
  };
  const coldPlan = await plan();
  const cold = await latencies();
  await store.analyze();
  const analysedPlan = await plan();
  const analysed = await latencies();

  const total = rows + singleRows;
  const { rows: sizes } = await driver.query<{ index_bytes: number; table_bytes: number }>(
    "SELECT pg_relation_size('timings.chunks_d384_embedding_hnsw')::float8 AS index_bytes, pg_table_size('timings.chunks_d384')::float8 AS table_bytes",
  );
  process.stdout.write(
    `\n[timings] ${label}, ${DIMS} dims, HNSW m=16 ef_construction=64\n` +
      `  upsert of ${rows} chunks (multi-row INSERTs): ${batchedMs.toFixed(0)} ms = ${(rows / (batchedMs / 1000)).toFixed(0)} rows/s\n` +
      `  ${singleRows} single-row INSERTs in one transaction: ${singleMs.toFixed(0)} ms = ${(singleRows / (singleMs / 1000)).toFixed(0)} rows/s\n` +
      `  HNSW index ${(sizes[0].index_bytes / total).toFixed(0)} bytes per chunk, table (with TOAST) ${(sizes[0].table_bytes / total).toFixed(0)} bytes per chunk\n` +
      `  search top-5 over ${total} chunks, no statistics (${coldPlan}): p50 ${percentile(cold, 50).toFixed(1)} ms, p95 ${percentile(cold, 95).toFixed(1)} ms\n` +
      `  search top-5 over ${total} chunks, after ANALYZE (${analysedPlan}): p50 ${percentile(analysed, 50).toFixed(1)} ms, p95 ${percentile(analysed, 95).toFixed(1)} ms\n`,
  );
}

beforeAll(() => {
  jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
});

afterAll(() => jest.restoreAllMocks());

it('PGlite in-process', async () => {
  const driver = await PGliteDriver.create();
  try {
    await measure('PGliteDriver in-process', driver, 600, 100);
  } finally {
    await driver.close();
  }
});

it('pg over the wire (pglite-socket, pool of one)', async () => {
  const server = await startPgliteServer();
  const driver = new PgDriver({ connectionString: server.url, poolSize: 1 });
  try {
    await measure('PgDriver -> pglite-socket', driver, 300, 50);
  } finally {
    await driver.close();
    await server.stop();
  }
});

it('pg on a real PostgreSQL with pgvector (private server, crash-safe settings)', async () => {
  const server = await startPostgresServer({ durable: true });
  const driver = new PgDriver({ connectionString: server.url, poolSize: 4 });
  try {
    await measure('PgDriver -> PostgreSQL ' + server.version.split(' ')[0], driver, 1_000, 200);
  } finally {
    await driver.close();
    await server.stop();
  }
});
