// Over 250 lines on purpose: this is the one behavioural contract every SqlDriver must give
// VectorStore (run against PGlite in-process, pg to PGlite's wire server, and pg to a real
// PostgreSQL with pgvector and a pool of 10), and it reads
// best as a single suite; its two driver wrappers below exist only for it.
import { Logger } from '@nestjs/common';
import { DimensionMismatchError } from '../../src/lib/errors/dimension-mismatch.error';
import { VectorStoreQueryError } from '../../src/lib/errors/vector-store-query.error';
import type { SqlDriver } from '../../src/lib/interfaces/sql-driver.interface';
import type { SqlExecutor } from '../../src/lib/interfaces/sql-executor.interface';
import type { VectorStoreModuleOptions } from '../../src/lib/interfaces/vector-store-module-options.interface';
import { VectorStoreSql } from '../../src/lib/sql/vector-store.sql';
import { computeContentHash } from '../../src/lib/utils/compute-content-hash.util';
import { toVectorLiteral } from '../../src/lib/utils/to-vector-literal.util';
import { VectorStore } from '../../src/lib/vector-store.service';
import { axis, cosine, randomVectors } from './vectors';

/** How the contract suite gets a driver for one database; `close` ends whatever `open` started. */
export interface ContractTarget {
  open(): Promise<SqlDriver>;
  close(driver: SqlDriver): Promise<void>;
}

const DIMS = 8;

/** A driver whose transactions fail on the chunk INSERT, to check that a failed upsert changes nothing. */
function failingOnChunkInsert(driver: SqlDriver): SqlDriver {
  return {
    kind: driver.kind,
    location: driver.location,
    query: (sql, params) => driver.query(sql, params),
    transaction: (fn) =>
      driver.transaction((tx) =>
        fn({
          query: async (sql, params) => {
            if (/^INSERT INTO "[a-z_]+"\.chunks_d/.test(sql)) throw Object.assign(new Error('disk full (simulated)'), { code: '53100' });
            return tx.query(sql, params);
          },
        }),
      ),
    close: () => driver.close(),
  };
}

/**
 * A driver that runs every statement in a transaction ruling out every plan but an index scan in
 * distance order, so that searches on a small table go through the HNSW index as they would on a
 * large one.
 */
function forcingIndexScans(driver: SqlDriver): SqlDriver {
  const forced = async <T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> =>
    driver.transaction(async (tx) => {
      for (const setting of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort']) await tx.query(`SET LOCAL ${setting} = off`);
      return fn(tx);
    });
  return {
    kind: driver.kind,
    location: driver.location,
    query: (sql, params) => forced((tx) => tx.query(sql, params)),
    transaction: forced,
    close: () => driver.close(),
  };
}

/**
 * The behaviour every `SqlDriver` must give `VectorStore`: one suite, run against PGlite
 * in-process, `pg` talking to PGlite's wire server (pool of one), and `pg` on a real PostgreSQL
 * with pgvector (pool of 10, so concurrent calls really run in parallel).
 */
export function describeVectorStoreContract(name: string, target: ContractTarget): void {
  describe(`VectorStore contract: ${name}`, () => {
    let driver: SqlDriver;
    let store: VectorStore;
    const open = (options: Partial<VectorStoreModuleOptions> = {}) => new VectorStore(driver, { dimensions: DIMS, ...options });

    beforeAll(async () => {
      jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      // Stores of other dimensions on the same database warn about each other's collections.
      jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      driver = await target.open();
      store = open();
      await store.init();
    });

    afterAll(async () => {
      await target.close(driver);
      jest.restoreAllMocks();
    });

    it('upsert then search returns the document chunks, highest score first', async () => {
      const record = await store.upsertDocument({
        collection: 'basics',
        id: 'doc-1',
        contentHash: 'h1',
        metadata: { lang: 'en', title: 'Über π' },
        chunks: [0, 1, 2].map((i) => ({ text: `chunk ${i} ✓`, embedding: axis(DIMS, i) })),
      });
      expect(record).toMatchObject({ collection: 'basics', id: 'doc-1', chunkCount: 3, state: 'ready', contentHash: 'h1', error: null });
      expect(record.updatedAt).toBeInstanceOf(Date);

      const results = await store.search({ collection: 'basics', embedding: [0.1, 1, 0.5, 0, 0, 0, 0, 0], topK: 3 });
      expect(results.map((r) => r.chunkId)).toEqual(['doc-1#1', 'doc-1#2', 'doc-1#0']);
      expect(results[0]).toEqual({
        documentId: 'doc-1',
        chunkId: 'doc-1#1',
        text: 'chunk 1 ✓',
        score: expect.closeTo(1 / Math.sqrt(1.26), 5),
        metadata: { lang: 'en', title: 'Über π' },
      });
      expect(results[1].score).toBeCloseTo(0.5 / Math.sqrt(1.26), 5);
      expect(results[2].score).toBeCloseTo(0.1 / Math.sqrt(1.26), 5);
    });

    it('ingest tokens: only the holder of the latest token writes; a deleted document is not revived', async () => {
      const key = { collection: 'tokens', id: 'doc' };
      const chunks = (i: number) => [{ text: `version ${i}`, embedding: axis(DIMS, i) }];
      await store.setDocumentState({ ...key, state: 'pending', ingestToken: 'first' });
      await store.setDocumentState({ ...key, state: 'pending', ingestToken: 'second' });
      await expect(store.getDocument(key)).resolves.toMatchObject({ ingestToken: 'second', state: 'pending' });
      // A state change without a token keeps the stored one.
      await store.setDocumentState({ ...key, state: 'pending' });
      await expect(store.getDocument(key)).resolves.toMatchObject({ ingestToken: 'second' });

      // The older request finishes last: it changes nothing.
      await expect(store.setDocumentStateIfCurrent({ ...key, state: 'processing' }, 'first')).resolves.toBeNull();
      await expect(store.upsertDocumentIfCurrent({ ...key, contentHash: 'h1', chunks: chunks(1) }, 'first')).resolves.toBeNull();
      await expect(store.getDocument(key)).resolves.toMatchObject({ state: 'pending', chunkCount: 0, contentHash: null });

      await expect(store.setDocumentStateIfCurrent({ ...key, state: 'processing' }, 'second')).resolves.toMatchObject({ state: 'processing' });
      await expect(store.upsertDocumentIfCurrent({ ...key, contentHash: 'h2', chunks: chunks(2) }, 'second')).resolves.toMatchObject({
        state: 'ready',
        chunkCount: 1,
        contentHash: 'h2',
        ingestToken: 'second',
      });

      await store.deleteDocument(key);
      await expect(store.setDocumentStateIfCurrent({ ...key, state: 'failed', error: 'late' }, 'second')).resolves.toBeNull();
      await expect(store.upsertDocumentIfCurrent({ ...key, contentHash: 'h2', chunks: chunks(2) }, 'second')).resolves.toBeNull();
      await expect(store.getDocument(key)).resolves.toBeNull();
      await expect(store.search({ collection: 'tokens', embedding: axis(DIMS, 2), topK: 5 })).resolves.toEqual([]);
    });

    it("the reconciler's reads and writes: stale documents in flight, paged in key order; a failure written once, only while unchanged", async () => {
      const collection = 'stale';
      const stale = async (before: Date, limit: number) => {
        const found: string[] = [];
        let page = await store.findStaleInFlight(before, limit);
        while (page.length > 0) {
          found.push(...page.filter((doc) => doc.collection === collection).map((doc) => doc.id));
          if (page.length < limit) break;
          page = await store.findStaleInFlight(before, limit, page[page.length - 1]);
        }
        return found;
      };
      for (const id of ['c', 'a', 'b']) await store.setDocumentState({ collection, id, state: id === 'b' ? 'processing' : 'pending', ingestToken: `t-${id}` });
      await store.setDocumentState({ collection, id: 'done', state: 'ready', ingestToken: 't-done' });
      await store.setDocumentState({ collection, id: 'broken', state: 'failed', error: 'provider down', ingestToken: 't-broken' });
      const later = new Date(Date.now() + 3_600_000);

      // Only pending and processing rows, in key order, through pages of one and of many.
      await expect(stale(later, 1)).resolves.toEqual(['a', 'b', 'c']);
      await expect(stale(later, 100)).resolves.toEqual(['a', 'b', 'c']);
      // Rows that changed after the bound are not stale.
      await expect(stale(new Date(0), 100)).resolves.toEqual([]);

      // Unchanged since the bound, still in flight under its token: marked failed, once.
      await expect(store.failStaleDocument({ collection, id: 'a' }, 't-a', later, 'job gone')).resolves.toMatchObject({ state: 'failed', error: 'job gone' });
      await expect(store.failStaleDocument({ collection, id: 'a' }, 't-a', later, 'job gone')).resolves.toBeNull();
      // Another token (a newer POST), a row changed since the bound, a finished or a deleted document: untouched.
      await expect(store.failStaleDocument({ collection, id: 'b' }, 't-other', later, 'late')).resolves.toBeNull();
      await expect(store.failStaleDocument({ collection, id: 'b' }, 't-b', new Date(0), 'late')).resolves.toBeNull();
      await expect(store.failStaleDocument({ collection, id: 'done' }, 't-done', later, 'late')).resolves.toBeNull();
      await store.deleteDocument({ collection, id: 'c' });
      await expect(store.failStaleDocument({ collection, id: 'c' }, 't-c', later, 'late')).resolves.toBeNull();
      await expect(store.getDocument({ collection, id: 'b' })).resolves.toMatchObject({ state: 'processing', error: null });
      await expect(store.getDocument({ collection, id: 'done' })).resolves.toMatchObject({ state: 'ready', error: null });
      await expect(stale(later, 100)).resolves.toEqual(['b']);

      // The scan has an index of its own, holding only the rows in flight.
      const { rows } = await driver.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname = 'documents_in_flight_idx'");
      expect(rows.length).toBeGreaterThan(0);
      for (const { indexdef } of rows) expect(indexdef).toMatch(/\(collection, id, updated_at\) WHERE \(?state = ANY/);
    });

    it('keeps the metadata of a requested ingestion apart from the served metadata until it is applied', async () => {
      const key = { collection: 'requested', id: 'doc' };
      const ids = async (filter: Record<string, number>) =>
        (await store.search({ collection: 'requested', embedding: axis(DIMS, 0), filter })).map((r) => r.documentId);
      await expect(store.setDocumentState({ ...key, state: 'pending', ingestToken: 't1', requestedMetadata: { v: 1 } })).resolves.toMatchObject({
        metadata: {},
        requestedMetadata: { v: 1 },
      });
      const chunks = [{ text: 'one', embedding: axis(DIMS, 0) }];
      await expect(store.upsertDocumentIfCurrent({ ...key, contentHash: 'h1', metadata: { v: 1 }, chunks }, 't1')).resolves.toMatchObject({
        metadata: { v: 1 },
        requestedMetadata: null,
      });

      // A new request: the served chunks keep their metadata (and filters match it) until the upsert.
      await store.setDocumentState({ ...key, state: 'pending', ingestToken: 't2', requestedMetadata: { v: 2 } });
      await expect(store.setDocumentStateIfCurrent({ ...key, state: 'processing' }, 't2')).resolves.toMatchObject({
        metadata: { v: 1 },
        requestedMetadata: { v: 2 },
      });
      await expect(ids({ v: 1 })).resolves.toEqual(['doc']);
      await expect(ids({ v: 2 })).resolves.toEqual([]);
      await expect(store.setDocumentStateIfCurrent({ ...key, state: 'failed', error: 'provider down' }, 't2')).resolves.toMatchObject({
        metadata: { v: 1 },
        requestedMetadata: { v: 2 },
      });

      // An unchanged text: a ready state with the metadata applies it.
      await store.setDocumentState({ ...key, state: 'pending', ingestToken: 't3', requestedMetadata: { v: 3 } });
      await expect(store.setDocumentStateIfCurrent({ ...key, state: 'ready', metadata: { v: 3 } }, 't3')).resolves.toMatchObject({
        metadata: { v: 3 },
        requestedMetadata: null,
      });
      await expect(ids({ v: 3 })).resolves.toEqual(['doc']);
    });

    it('orders by cosine similarity exactly as computed independently', async () => {
      const vectors = randomVectors(60, DIMS, 7);
      await store.upsertDocument({
        collection: 'ordering',
        id: 'random',
        chunks: vectors.map((embedding, i) => ({ text: `r${i}`, embedding })),
      });
      const [query] = randomVectors(1, DIMS, 99);
      const expected = vectors
        .map((v, i) => ({ chunkId: `random#${i}`, score: cosine(query, v) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      const results = await store.search({ collection: 'ordering', embedding: query, topK: 10 });
      expect(results.map((r) => r.chunkId)).toEqual(expected.map((e) => e.chunkId));
      results.forEach((result, i) => expect(result.score).toBeCloseTo(expected[i].score, 5));
      for (let i = 1; i < results.length; i++) expect(results[i].score).toBeLessThanOrEqual(results[i - 1].score);
    });

    it('respects topK', async () => {
      await store.upsertDocument({
        collection: 'top-k',
        id: 'many',
        chunks: randomVectors(20, DIMS, 3).map((embedding, i) => ({ text: `m${i}`, embedding })),
      });
      const [query] = randomVectors(1, DIMS, 4);
      await expect(store.search({ collection: 'top-k', embedding: query, topK: 1 })).resolves.toHaveLength(1);
      await expect(store.search({ collection: 'top-k', embedding: query, topK: 7 })).resolves.toHaveLength(7);
      await expect(store.search({ collection: 'top-k', embedding: query })).resolves.toHaveLength(5);
      await expect(store.search({ collection: 'top-k', embedding: query, topK: 100 })).resolves.toHaveLength(20);
    });

    it('re-upserting a document replaces all its chunks', async () => {
      const chunks = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ text: `${prefix}${i}`, embedding: axis(DIMS, i) }));
      await store.upsertDocument({ collection: 'replace', id: 'doc', contentHash: 'v1', chunks: chunks('old', 5) });
      await store.upsertDocument({ collection: 'replace', id: 'other', chunks: chunks('keep', 1) });
      const record = await store.upsertDocument({ collection: 'replace', id: 'doc', contentHash: 'v2', metadata: { v: 2 }, chunks: chunks('new', 2) });
      expect(record).toMatchObject({ chunkCount: 2, contentHash: 'v2', metadata: { v: 2 } });
      const results = await store.search({ collection: 'replace', embedding: axis(DIMS, 0), topK: 100 });
      expect(results.map((r) => r.text).sort()).toEqual(['keep0', 'new0', 'new1']);
      await expect(store.findDocumentHash({ collection: 'replace', id: 'doc' })).resolves.toBe('v2');
    });

    it('a failed upsert changes nothing (one transaction)', async () => {
      await store.upsertDocument({ collection: 'atomic', id: 'doc', contentHash: 'v1', chunks: [{ text: 'kept', embedding: axis(DIMS, 0) }] });
      const failing = new VectorStore(failingOnChunkInsert(driver), { dimensions: DIMS });
      await expect(
        failing.upsertDocument({ collection: 'atomic', id: 'doc', contentHash: 'v2', chunks: [{ text: 'lost', embedding: axis(DIMS, 1) }] }),
      ).rejects.toThrow(expect.objectContaining({ code: 'VECTOR_STORE_QUERY_FAILED', operation: 'upsert', sqlState: '53100' }));
      await expect(store.getDocument({ collection: 'atomic', id: 'doc' })).resolves.toMatchObject({ contentHash: 'v1', chunkCount: 1 });
      const results = await store.search({ collection: 'atomic', embedding: axis(DIMS, 1), topK: 10 });
      expect(results.map((r) => r.text)).toEqual(['kept']);
    });

    it('deletes a document and its chunks', async () => {
      await store.upsertDocument({ collection: 'delete', id: 'gone', chunks: [{ text: 'bye', embedding: axis(DIMS, 0) }] });
      await store.upsertDocument({ collection: 'delete', id: 'stays', chunks: [{ text: 'hi', embedding: axis(DIMS, 1) }] });
      await expect(store.deleteDocument({ collection: 'delete', id: 'gone' })).resolves.toBe(true);
      await expect(store.deleteDocument({ collection: 'delete', id: 'gone' })).resolves.toBe(false);
      await expect(store.deleteDocument({ collection: 'no-such-collection', id: 'gone' })).resolves.toBe(false);
      await expect(store.getDocument({ collection: 'delete', id: 'gone' })).resolves.toBeNull();
      const results = await store.search({ collection: 'delete', embedding: axis(DIMS, 0), topK: 10 });
      expect(results.map((r) => r.documentId)).toEqual(['stays']);
      const { rows } = await driver.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM vector_store.chunks_d8 WHERE collection = 'delete' AND document_id = 'gone'",
      );
      expect(rows[0].n).toBe(0);
    });

    it('filters on exact top-level metadata values', async () => {
      const docs = [
        { id: 'en-2024', metadata: { lang: 'en', year: 2024, public: true, tags: ['a'] } },
        { id: 'fr-2024', metadata: { lang: 'fr', year: 2024, public: false } },
        { id: 'en-2023', metadata: { lang: 'en', year: 2023, public: true } },
      ];
      for (const [i, doc] of docs.entries()) {
        await store.upsertDocument({ collection: 'filter', ...doc, chunks: [{ text: doc.id, embedding: axis(DIMS, i) }] });
      }
      const ids = async (filter: Record<string, string | number | boolean>) =>
        (await store.search({ collection: 'filter', embedding: axis(DIMS, 0), topK: 10, filter })).map((r) => r.documentId).sort();
      await expect(ids({ lang: 'en' })).resolves.toEqual(['en-2023', 'en-2024']);
      await expect(ids({ lang: 'en', year: 2024 })).resolves.toEqual(['en-2024']);
      await expect(ids({ public: false })).resolves.toEqual(['fr-2024']);
      await expect(ids({ year: '2024' })).resolves.toEqual([]);
      await expect(ids({ missing: 'x' })).resolves.toEqual([]);
      await expect(ids({})).resolves.toEqual(['en-2023', 'en-2024', 'fr-2024']);
    });

    it('finds every filtered match under the HNSW index, beyond ef_search (iterative scan)', async () => {
      const dims = 12;
      const vectors = randomVectors(305, dims, 21);
      const chunks = (from: number, to: number, prefix: string) =>
        vectors.slice(from, to).map((embedding, i) => ({ text: `${prefix}${i}`, embedding }));
      // exactScanMaxChunks 0: the index even for a filter this selective (5 chunks), to show its iterative scan.
      const sparse = new VectorStore(forcingIndexScans(driver), { dimensions: dims, hnsw: { exactScanMaxChunks: 0 } });
      await sparse.upsertDocument({ collection: 'sparse', id: 'common', metadata: { kind: 'common' }, chunks: chunks(0, 300, 'c') });
      await sparse.upsertDocument({ collection: 'sparse', id: 'rare', metadata: { kind: 'rare' }, chunks: chunks(300, 305, 'r') });
      const [query] = randomVectors(1, dims, 22);
      const sql = new VectorStoreSql('vector_store', dims);
      const params = ['sparse', toVectorLiteral(query), 10, '{"kind":"rare"}', '40'];

      const { plan, withoutIterativeScan } = await forcingIndexScans(driver).transaction(async (tx) => {
        const explained = await tx.query<Record<string, string>>(`EXPLAIN ${sql.search('vector', true)}`, params);
        // The same statement without its iterative-scan setting (the session's default is off).
        return { plan: explained.rows.map((row) => Object.values(row)[0]).join('\n'), withoutIterativeScan: (await tx.query(sql.search('vector', true, false), params)).rows };
      });
      expect(plan).toContain('Index Scan using chunks_d12_embedding_hnsw');
      // The settings gate the scan: evaluated once, before its first row.
      expect(plan).toMatch(/One-Time Filter: \(\(set_config\('hnsw\.ef_search'[\s\S]*Index Scan using chunks_d12_embedding_hnsw/);
      // The control: a scan that stops at ef_search (40) candidates out of 305 misses rare chunks.
      expect(withoutIterativeScan.length).toBeLessThan(5);

      const expected = vectors
        .slice(300)
        .map((v, i) => ({ chunkId: `rare#${i}`, score: cosine(query, v) }))
        .sort((a, b) => b.score - a.score);
      const results = await sparse.search({ collection: 'sparse', embedding: query, topK: 10, filter: { kind: 'rare' } });
      expect(results.map((r) => r.chunkId)).toEqual(expected.map((e) => e.chunkId));
    });

    it('answers a filter matching few chunks with an exact scan of them, and a broad one through the index', async () => {
      const dims = 16;
      const vectors = randomVectors(400, dims, 31);
      const chunks = (from: number, to: number) => vectors.slice(from, to).map((embedding, i) => ({ text: `s${from + i}`, embedding }));
      const selective = new VectorStore(forcingIndexScans(driver), { dimensions: dims, hnsw: { exactScanMaxChunks: 50 } });
      await selective.upsertDocument({ collection: 'selective', id: 'broad', metadata: { kind: 'broad' }, chunks: chunks(0, 360) });
      await selective.upsertDocument({ collection: 'selective', id: 'narrow', metadata: { kind: 'narrow' }, chunks: chunks(360, 400) });
      const [query] = randomVectors(1, dims, 32);
      const exactTop = (from: number, to: number) =>
        vectors
          .slice(from, to)
          .map((v, i) => ({ chunkId: `${from < 360 ? 'broad' : 'narrow'}#${i}`, score: cosine(query, v) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, 10)
          .map((e) => e.chunkId);
      const ran = async (kind: string): Promise<string> => {
        const sql = new VectorStoreSql('vector_store', dims).search('vector', true, true, 50);
        const { rows } = await forcingIndexScans(driver).query<Record<string, string>>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${sql}`, [
          'selective',
          toVectorLiteral(query),
          10,
          JSON.stringify({ kind }),
          '40',
        ]);
        const plan = rows.map((row) => Object.values(row)[0]).join('\n');
        const hnsw = plan.split('\n').find((line) => line.includes('Index Scan using chunks_d16_embedding_hnsw')) ?? '';
        return hnsw.includes('never executed') ? 'exact' : 'index';
      };

      // 40 chunks match, at most 50: an exact scan; 360 match: the index.
      await expect(ran('narrow')).resolves.toBe('exact');
      await expect(ran('broad')).resolves.toBe('index');
      const narrow = await selective.search({ collection: 'selective', embedding: query, topK: 10, filter: { kind: 'narrow' } });
      expect(narrow.map((r) => r.chunkId)).toEqual(exactTop(360, 400));
      const broad = await selective.search({ collection: 'selective', embedding: query, topK: 10, filter: { kind: 'broad' } });
      expect(broad).toHaveLength(10);
      expect(broad.every((r) => r.documentId === 'broad')).toBe(true);
    });

    it('returns [] for an unknown collection', async () => {
      await expect(store.search({ collection: 'never-created', embedding: axis(DIMS, 0) })).resolves.toEqual([]);
    });

    it('keeps collections apart', async () => {
      await store.upsertDocument({ collection: 'left', id: 'same', chunks: [{ text: 'left', embedding: axis(DIMS, 0) }] });
      await store.upsertDocument({ collection: 'right', id: 'same', chunks: [{ text: 'right', embedding: axis(DIMS, 0) }] });
      await expect(store.search({ collection: 'left', embedding: axis(DIMS, 0) })).resolves.toEqual([expect.objectContaining({ text: 'left' })]);
      await store.deleteDocument({ collection: 'right', id: 'same' });
      await expect(store.search({ collection: 'left', embedding: axis(DIMS, 0) })).resolves.toHaveLength(1);
    });

    it('refuses vectors of other dimensions than the collection, storing nothing', async () => {
      await store.upsertDocument({ collection: 'dims', id: 'eight', chunks: [{ text: 'ok', embedding: axis(DIMS, 0) }] });
      const six = open({ dimensions: 6 });
      await six.init();
      const attempt = six.upsertDocument({ collection: 'dims', id: 'six', chunks: [{ text: 'bad', embedding: axis(6, 0) }] });
      await expect(attempt).rejects.toThrow(DimensionMismatchError);
      await expect(six.upsertDocument({ collection: 'dims', id: 'six', chunks: [{ text: 'bad', embedding: axis(6, 0) }] })).rejects.toThrow(
        expect.objectContaining({ collection: 'dims', expected: 8, actual: 6, message: expect.stringContaining('"dims"') }),
      );
      await expect(six.setDocumentState({ collection: 'dims', id: 'six', state: 'pending' })).rejects.toThrow(DimensionMismatchError);
      await expect(six.search({ collection: 'dims', embedding: axis(6, 0) })).rejects.toThrow(
        expect.objectContaining({ collection: 'dims', expected: 8, actual: 6 }),
      );
      await expect(store.upsertDocument({ collection: 'dims', id: 'six', chunks: [{ text: 'bad', embedding: axis(6, 0) }] })).rejects.toThrow(
        expect.objectContaining({ collection: 'dims', expected: 8, actual: 6 }),
      );
      await expect(store.search({ collection: 'dims', embedding: axis(6, 0) })).rejects.toThrow(DimensionMismatchError);
      await expect(store.getDocument({ collection: 'dims', id: 'six' })).resolves.toBeNull();
      const { rows } = await driver.query<{ n: number }>("SELECT count(*)::int AS n FROM vector_store.chunks_d6 WHERE collection = 'dims'");
      expect(rows[0].n).toBe(0);
    });

    it('fails at boot when the default collection has other dimensions', async () => {
      await store.upsertDocument({ collection: 'boot-check', id: 'x', chunks: [{ text: 'x', embedding: axis(DIMS, 0) }] });
      const wrong = open({ dimensions: 6, defaultCollection: 'boot-check' });
      await expect(wrong.init()).rejects.toThrow(
        'Dimension mismatch on collection "boot-check" (boot): it holds 8-dimensional vectors, got 6',
      );
    });

    it('creates the schema idempotently: init twice, and a second store on the same database', async () => {
      await store.upsertDocument({ collection: 'idempotent', id: 'kept', chunks: [{ text: 'kept', embedding: axis(DIMS, 0) }] });
      await store.init();
      await store.init();
      const again = open();
      await again.init();
      await expect(again.search({ collection: 'idempotent', embedding: axis(DIMS, 0) })).resolves.toEqual([expect.objectContaining({ text: 'kept' })]);
      const { rows } = await driver.query<{ indexname: string; indexdef: string }>(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'vector_store' AND tablename = 'chunks_d8' AND indexdef LIKE '%hnsw%'",
      );
      expect(rows).toEqual([{ indexname: 'chunks_d8_embedding_hnsw', indexdef: expect.stringContaining('vector_cosine_ops') }]);
    });

    it('tracks ingestion state and the content hash', async () => {
      const key = { collection: 'jobs', id: 'report' };
      const hash = computeContentHash('text', { chunkSize: 1000, chunkOverlap: 200, model: 'm' });
      await expect(store.findDocumentHash(key)).resolves.toBeNull();
      await expect(store.setDocumentState({ ...key, state: 'pending', metadata: { source: 'upload' } })).resolves.toMatchObject({
        state: 'pending',
        chunkCount: 0,
        contentHash: null,
        metadata: { source: 'upload' },
      });
      await store.setDocumentState({ ...key, state: 'processing' });
      await store.upsertDocument({ ...key, contentHash: hash, metadata: { source: 'upload' }, chunks: [{ text: 't', embedding: axis(DIMS, 2) }] });
      await expect(store.findDocumentHash(key)).resolves.toBe(hash);
      await expect(store.setDocumentState({ ...key, state: 'failed', error: 'provider timeout' })).resolves.toMatchObject({
        state: 'failed',
        error: 'provider timeout',
        chunkCount: 1,
        contentHash: hash,
        metadata: { source: 'upload' },
      });
      await expect(store.search({ collection: 'jobs', embedding: axis(DIMS, 2) })).resolves.toHaveLength(1);
      await expect(store.getDocument(key)).resolves.toMatchObject({ state: 'failed', createdAt: expect.any(Date) });
    });

    it('serves concurrent upserts and searches', async () => {
      const vectors = randomVectors(8, DIMS, 11);
      await Promise.all([
        ...vectors.map((embedding, i) => store.upsertDocument({ collection: 'concurrent', id: `d${i}`, chunks: [{ text: `t${i}`, embedding }] })),
        ...vectors.map((embedding) => store.search({ collection: 'concurrent', embedding })),
      ]);
      await expect(store.search({ collection: 'concurrent', embedding: vectors[3], topK: 100 })).resolves.toHaveLength(8);
    });

    it('concurrent upserts of one document leave exactly one of them, never a mix', async () => {
      const key = { collection: 'contended', id: 'doc' };
      // Versions of different lengths, so that a mix shows in the count as well as in the texts.
      const versions = Array.from({ length: 8 }, (_, v) => ({
        contentHash: `v${v}`,
        chunks: randomVectors(3 + v, DIMS, 100 + v).map((embedding, i) => ({ text: `v${v}-${i}`, embedding })),
      }));
      const records = await Promise.all(versions.map((version) => store.upsertDocument({ ...key, ...version })));
      expect(records.map((r) => r.chunkCount)).toEqual(versions.map((v) => v.chunks.length));

      const stored = await store.getDocument(key);
      const winner = Number(stored?.contentHash?.slice(1));
      expect(stored).toMatchObject({ state: 'ready', chunkCount: versions[winner].chunks.length });
      const { rows } = await driver.query<{ ordinal: number; text: string }>(
        "SELECT ordinal, text FROM vector_store.chunks_d8 WHERE collection = 'contended' AND document_id = 'doc' ORDER BY ordinal",
      );
      expect(rows).toEqual(versions[winner].chunks.map((chunk, ordinal) => ({ ordinal, text: chunk.text })));
    });

    it('searches during re-ingestion see the old or the new chunks, never a mix or none', async () => {
      const key = { collection: 'reingested', id: 'doc' };
      // Every chunk of every version is near the query, so a search of topK 20 returns all of one version.
      const [query] = randomVectors(1, DIMS, 500);
      const version = (v: number) => ({
        contentHash: `v${v}`,
        chunks: Array.from({ length: 4 + (v % 5) }, (_, i) => ({
          text: `v${v}-${i}`,
          embedding: Array.from(query, (x, d) => x + 0.01 * Math.sin(v * 31 + i * 7 + d)),
        })),
      });
      await store.upsertDocument({ ...key, ...version(0) });
      const indexed = new VectorStore(forcingIndexScans(driver), { dimensions: DIMS });
      let writing = true;
      const seen: string[][] = [];
      const reader = async (reading: VectorStore): Promise<void> => {
        while (writing) {
          const results = await reading.search({ ...key, embedding: query, topK: 20 });
          seen.push(results.map((r) => r.text));
        }
      };
      const readers = [store, store, indexed, indexed].map(reader);
      try {
        for (let v = 1; v <= 30; v++) await store.upsertDocument({ ...key, ...version(v) });
      } finally {
        writing = false;
      }
      await Promise.all(readers);

      expect(seen.length).toBeGreaterThan(30);
      for (const texts of seen) {
        const v = Number(texts[0]?.split('-')[0].slice(1));
        expect([...texts].sort()).toEqual(version(v).chunks.map((c) => c.text).sort());
      }
    });

    it('indexes a halfvec cast above 2000 dimensions', async () => {
      const wide = open({ dimensions: 2048 });
      const vectors = randomVectors(6, 2048, 5);
      await wide.upsertDocument({ collection: 'wide', id: 'w', chunks: vectors.map((embedding, i) => ({ text: `w${i}`, embedding })) });
      const results = await wide.search({ collection: 'wide', embedding: vectors[4], topK: 3 });
      expect(results[0]).toMatchObject({ chunkId: 'w#4', score: expect.closeTo(1, 2) });
      const { rows } = await driver.query<{ indexdef: string }>(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'vector_store' AND tablename = 'chunks_d2048'",
      );
      expect(rows.map((r) => r.indexdef).join('\n')).toContain('halfvec_cosine_ops');
    });

    it('reports database errors as VectorStoreQueryError after the driver is closed', async () => {
      const other = await target.open();
      const closedStore = new VectorStore(other, { dimensions: DIMS });
      await closedStore.init();
      await target.close(other);
      await expect(closedStore.search({ collection: 'basics', embedding: axis(DIMS, 0) })).rejects.toThrow(VectorStoreQueryError);
    });
  });
}
