import { VectorStore } from '@rag/vector-store';
import type { MetadataFilter, SqlDriver, SqlExecutor, VectorStoreModuleOptions } from '@rag/vector-store';
import { summarize } from './stats';
import type { Summary } from './stats';

/** Latency and recall of one kind of search (with or without a metadata filter). */
export interface SearchQuality {
  /** Latency of `search` in ms. */
  latency: Summary;
  /** Mean share of the exact top-`k` that the search returned (1 = all of them). */
  recall: number;
  /** What the planner chose for the first query: `HNSW index scan` or `exact scan`. */
  plan: string;
}

/** `SearchQuality` without and with a metadata filter, at one `ef_search`. */
export interface SearchQualityRow {
  efSearch: number;
  plain: SearchQuality;
  /** With the filter, as the store answers it (an exact scan when few chunks match). */
  filtered: SearchQuality;
  /** With the filter, through the index whatever it matches (`exactScanMaxChunks: 0`). */
  filteredIndexOnly: SearchQuality;
}

/** Options of `measureSearchQuality`. */
export interface SearchQualityOptions {
  /** The store's options (`dimensions`, `schema`…), the same as the one that wrote the chunks. */
  store: VectorStoreModuleOptions;
  collection?: string;
  queries: Float32Array[] | number[][];
  filter: MetadataFilter;
  /** `k` of every search and of the recall. */
  topK: number;
  /** `hnsw.efSearch` values to measure. */
  efSearch: number[];
}

/** A driver that runs every statement with index scans off: the same SQL, answered by an exact scan. */
function exactScans(driver: SqlDriver): SqlDriver {
  const exact = <T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> =>
    driver.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_indexscan = off');
      return fn(tx);
    });
  return { kind: driver.kind, location: driver.location, query: (sql, params) => exact((tx) => tx.query(sql, params)), transaction: exact, close: () => driver.close() };
}

/** What the planner chooses for one search of `storeOptions`' store: its statement recorded, then EXPLAINed. */
async function planOf(
  driver: SqlDriver,
  storeOptions: VectorStoreModuleOptions,
  collection: string | undefined,
  embedding: Float32Array | number[],
  filter?: MetadataFilter,
): Promise<string> {
  let search: { sql: string; params: readonly unknown[] } | undefined;
  const recording: SqlDriver = {
    kind: driver.kind,
    location: driver.location,
    query: (sql, params = []) => {
      if (sql.includes('LIMIT $3')) search = { sql, params };
      return driver.query(sql, params);
    },
    transaction: (fn) => driver.transaction(fn),
    close: () => driver.close(),
  };
  await new VectorStore(recording, storeOptions).search({ collection, embedding, topK: 10, filter });
  if (!search) throw new Error('the search statement was not seen');
  // ANALYZE: of the two branches of a filtered search, the one that did not run says "never executed".
  const { rows } = await driver.query<Record<string, string>>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${search.sql}`, search.params);
  const index = rows.map((row) => Object.values(row)[0]).find((line) => line.includes('_embedding_hnsw'));
  return index !== undefined && !index.includes('never executed') ? 'HNSW index scan' : 'exact scan';
}

/**
 * Search latency (`VectorStore.search`, as rag-api calls it) and recall@k of the HNSW index
 * against an exact scan of the same SQL (index scans off), over the same queries, without and
 * with a metadata filter, for each `ef_search`.
 */
export async function measureSearchQuality(driver: SqlDriver, options: SearchQualityOptions): Promise<SearchQualityRow[]> {
  const { collection, queries, filter, topK } = options;
  const exact = new VectorStore(exactScans(driver), options.store);
  const truth = async (withFilter: boolean): Promise<Array<Set<string>>> => {
    const sets: Array<Set<string>> = [];
    for (const embedding of queries) {
      sets.push(new Set((await exact.search({ collection, embedding, topK, filter: withFilter ? filter : undefined })).map((r) => r.chunkId)));
    }
    return sets;
  };
  const expected = { plain: await truth(false), filtered: await truth(true) };
  const rows: SearchQualityRow[] = [];
  for (const efSearch of options.efSearch) {
    const measure = async (withFilter: boolean, exactScanMaxChunks?: number): Promise<SearchQuality> => {
      const storeOptions = { ...options.store, hnsw: { ...options.store.hnsw, efSearch, ...(exactScanMaxChunks === undefined ? {} : { exactScanMaxChunks }) } };
      const store = new VectorStore(driver, storeOptions);
      await store.init();
      const used = withFilter ? filter : undefined;
      // Warm the connection(s), the plan cache and the index pages before timing.
      for (const embedding of queries.slice(0, 10)) await store.search({ collection, embedding, topK, filter: used });
      const times: number[] = [];
      let found = 0;
      let wanted = 0;
      for (const [i, embedding] of queries.entries()) {
        const started = performance.now();
        const results = await store.search({ collection, embedding, topK, filter: used });
        times.push(performance.now() - started);
        const truthSet = (withFilter ? expected.filtered : expected.plain)[i];
        found += results.filter((r) => truthSet.has(r.chunkId)).length;
        wanted += truthSet.size;
      }
      return { latency: summarize(times), recall: wanted === 0 ? 1 : found / wanted, plan: await planOf(driver, storeOptions, collection, queries[0], used) };
    };
    rows.push({ efSearch, plain: await measure(false), filtered: await measure(true), filteredIndexOnly: await measure(true, 0) });
  }
  return rows;
}
