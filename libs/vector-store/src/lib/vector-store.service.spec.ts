// Over 250 lines on purpose: the unit spec of VectorStore's whole public API, one describe per
// method group, asserting the exact statements the rooms in store/ send through the facade.
import { Logger } from '@nestjs/common';
import { defaultAnswer, documentRow, FakeSqlDriver } from '../../test/support/fake-sql-driver';
import type { FakeAnswer } from '../../test/support/fake-sql-driver';
import { DimensionMismatchError } from './errors/dimension-mismatch.error';
import { InvalidArgumentError } from './errors/invalid-argument.error';
import { VectorStoreQueryError } from './errors/vector-store-query.error';
import type { SearchInput } from './interfaces/search-input.interface';
import type { UpsertDocumentInput } from './interfaces/upsert-document-input.interface';
import { VectorStore } from './vector-store.service';

const DIMS = 4;
const vector = (...values: number[]) => values;

function createStore(answer: FakeAnswer = defaultAnswer, options = {}, kind: 'pg' | 'pglite' = 'pglite') {
  const driver = new FakeSqlDriver(answer, kind);
  return { driver, store: new VectorStore(driver, { dimensions: DIMS, ...options }) };
}

function withCollections(collections: Record<string, number>, version = '0.8.0'): FakeAnswer {
  return (sql, params) => {
    if (sql.includes('extversion')) return [{ version }];
    if (sql.includes('ORDER BY name')) return Object.entries(collections).map(([name, dims]) => ({ name, dims }));
    if (sql.startsWith('SELECT dims FROM')) return collections[params[0] as string] === undefined ? [] : [{ dims: collections[params[0] as string] }];
    return defaultAnswer(sql, params);
  };
}

beforeEach(() => {
  jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());

describe('VectorStore', () => {
  describe('init', () => {
    it('creates what is missing, in one transaction holding the schema lock', async () => {
      let extension = false;
      const { driver, store } = createStore((sql, params) => {
        if (sql.includes('extversion')) return extension ? [{ version: '0.8.0' }] : [];
        if (sql.startsWith('CREATE EXTENSION')) extension = true;
        return defaultAnswer(sql, params);
      });
      await store.init();
      const ddl = driver.statements.filter((s) => s.inTransaction).map((s) => s.sql.split('(')[0].trim());
      expect(ddl.slice(0, 6)).toEqual([
        expect.stringMatching(/^SELECT pg_advisory_xact_lock/),
        "SELECT extversion AS version FROM pg_extension WHERE extname = 'vector'",
        'CREATE EXTENSION IF NOT EXISTS vector',
        "SELECT extversion AS version FROM pg_extension WHERE extname = 'vector'",
        'SELECT 1 FROM pg_namespace WHERE nspname = $1',
        'CREATE SCHEMA IF NOT EXISTS "vector_store"',
      ]);
      expect(driver.statements.map((s) => s.sql).join('\n')).toContain(
        'USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)',
      );
    });

    it('issues no CREATE EXTENSION or CREATE SCHEMA when they exist (a least-privilege user can boot)', async () => {
      const { driver, store } = createStore((sql, params) => (sql.includes('pg_namespace') ? [{ '?column?': 1 }] : defaultAnswer(sql, params)));
      await store.init();
      expect(driver.matching('CREATE EXTENSION')).toEqual([]);
      expect(driver.matching('CREATE SCHEMA')).toEqual([]);
    });

    it('is run once, on first use, when nobody called it', async () => {
      const { driver, store } = createStore();
      await Promise.all([store.getDocument({ id: 'a' }), store.getDocument({ id: 'b' })]);
      expect(driver.matching('pg_advisory_xact_lock')).toHaveLength(1);
    });

    it('fails at boot when the default collection has other dimensions', async () => {
      const { store } = createStore(withCollections({ default: 3 }));
      await expect(store.init()).rejects.toThrow(DimensionMismatchError);
      await expect(store.init()).rejects.toThrow(
        'Dimension mismatch on collection "default" (boot): it holds 3-dimensional vectors, got 4',
      );
    });

    it('warns about other collections of other dimensions', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const { store } = createStore(withCollections({ old: 768, default: 4 }));
      await store.init();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('Collections "old" (768) do not have 4 dimensions'));
    });

    it('explains a missing pgvector', async () => {
      const { store } = createStore((sql) => {
        if (sql.includes('extversion')) return [];
        if (sql.startsWith('CREATE EXTENSION')) throw Object.assign(new Error('extension "vector" is not available'), { code: '0A000' });
        return [];
      });
      await expect(store.init()).rejects.toThrow(VectorStoreQueryError);
      await expect(store.init()).rejects.toThrow(
        /init failed \(SQLSTATE 0A000\): CREATE EXTENSION IF NOT EXISTS vector failed: extension "vector" is not available; install pgvector/,
      );
    });

    it('retries after a failed init', async () => {
      let fail = true;
      const { driver, store } = createStore((sql, params) => {
        if (fail && sql.includes('pg_advisory')) throw new Error('connection refused');
        return defaultAnswer(sql, params);
      });
      await expect(store.getDocument({ id: 'a' })).rejects.toThrow('Vector store init failed: connection refused');
      fail = false;
      await expect(store.getDocument({ id: 'a' })).resolves.toBeNull();
      expect(driver.matching('CREATE TABLE IF NOT EXISTS "vector_store".collections')).toHaveLength(1);
    });
  });

  describe('upsertDocument', () => {
    const input: UpsertDocumentInput = {
      id: 'doc',
      contentHash: 'abc',
      metadata: { lang: 'en' },
      chunks: [
        { text: 'one', embedding: vector(1, 0, 0, 0) },
        { text: 'two', embedding: new Float32Array([0, 1, 0, 0]) },
      ],
    };

    it('replaces the chunks in one transaction: collection, document, delete, multi-row insert', async () => {
      const { driver, store } = createStore();
      await store.init();
      driver.statements.length = 0;
      await store.upsertDocument(input);
      expect(driver.statements.every((s) => s.inTransaction)).toBe(true);
      expect(driver.statements.map((s) => s.sql.split(/\s+/).slice(0, 3).join(' '))).toEqual([
        'INSERT INTO "vector_store".collections',
        'SELECT dims FROM',
        'INSERT INTO "vector_store".documents',
        'DELETE FROM "vector_store".chunks_d4',
        'INSERT INTO "vector_store".chunks_d4',
      ]);
      expect(driver.statements[2].params).toEqual(['default', 'doc', 'abc', '{"lang":"en"}', 2]);
      expect(driver.statements[4].params).toEqual(['default', 'doc', 0, 'one', '[1,0,0,0]', 1, 'two', '[0,1,0,0]']);
    });

    it('upsertDocumentIfCurrent: one UPDATE guarded by the token (it locks the row), then the chunks; the collection exists', async () => {
      const { driver, store } = createStore(withCollections({ default: 4 }));
      await store.init();
      driver.statements.length = 0;
      await store.upsertDocumentIfCurrent(input, 'tok');
      expect(driver.statements.every((s) => s.inTransaction)).toBe(true);
      expect(driver.statements.map((s) => s.sql.split(/\s+/).slice(0, 3).join(' '))).toEqual([
        'UPDATE "vector_store".documents AS',
        'DELETE FROM "vector_store".chunks_d4',
        'INSERT INTO "vector_store".chunks_d4',
      ]);
      expect(driver.statements[0].sql).toContain('WHERE collection = $1 AND id = $2 AND ingest_token = $6');
      expect(driver.statements[0].params).toEqual(['default', 'doc', 'abc', '{"lang":"en"}', 2, 'tok']);
    });

    it('upsertDocumentIfCurrent writes nothing when the token is not held, and reads an unknown collection\'s dimensions first', async () => {
      // The collection was created by another process after this one booted: unknown here until read.
      const { driver, store } = createStore((sql, params) => {
        if (sql.startsWith('UPDATE') || sql.includes('ORDER BY name')) return [];
        return sql.startsWith('SELECT dims FROM') ? [{ dims: 4 }] : defaultAnswer(sql, params);
      });
      await store.init();
      driver.statements.length = 0;
      await expect(store.upsertDocumentIfCurrent(input, 'stale')).resolves.toBeNull();
      expect(driver.statements.map((s) => s.sql.split(/\s+/).slice(0, 3).join(' '))).toEqual([
        'SELECT dims FROM',
        'UPDATE "vector_store".documents AS',
      ]);
    });

    it('batches large documents into INSERTs of at most 500 rows (PostgreSQL)', async () => {
      const { driver, store } = createStore(defaultAnswer, {}, 'pg');
      const chunks = Array.from({ length: 1_201 }, (_, i) => ({ text: `t${i}`, embedding: vector(1, i, 0, 0) }));
      await store.upsertDocument({ id: 'big', chunks });
      expect(driver.matching('INSERT INTO "vector_store".chunks_d4').map((s) => (s.params.length - 2) / 3)).toEqual([500, 500, 201]);
    });

    it('on PGlite, starts with 8-row INSERTs and lets the event loop run between them (WASM blocks it for the whole statement)', async () => {
      const { driver, store } = createStore();
      const chunks = Array.from({ length: 1_201 }, (_, i) => ({ text: `t${i}`, embedding: vector(1, i, 0, 0) }));
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 0);
      await store.upsertDocument({ id: 'big', chunks });
      clearInterval(ticker);
      const inserts = driver.matching('INSERT INTO "vector_store".chunks_d4');
      const rows = inserts.map((s) => (s.params.length - 2) / 3);
      expect(rows[0]).toBe(8);
      expect(Math.max(...rows)).toBeLessThanOrEqual(500);
      expect(rows.reduce((a, b) => a + b, 0)).toBe(1_201);
      expect(inserts.flatMap((s) => s.params.filter((_, i) => i >= 2 && (i - 2) % 3 === 0))).toEqual(chunks.map((_, i) => i));
      expect(ticks).toBeGreaterThan(0);
    });

    it('uses the given ordinals', async () => {
      const { driver, store } = createStore();
      await store.upsertDocument({ id: 'doc', chunks: [{ text: 'x', embedding: vector(1, 0, 0, 0), ordinal: 7 }] });
      expect(driver.matching('INSERT INTO "vector_store".chunks_d4')[0].params[2]).toBe(7);
    });

    it('maps the returned row to a DocumentRecord', async () => {
      const { store } = createStore();
      await expect(store.upsertDocument(input)).resolves.toEqual({
        collection: 'default',
        id: 'doc',
        contentHash: null,
        metadata: {},
        requestedMetadata: null,
        chunkCount: 0,
        state: 'ready',
        error: null,
        ingestToken: null,
        createdAt: new Date('2026-01-01T00:00:00Z'),
        updatedAt: new Date('2026-01-01T00:00:00Z'),
      });
    });

    it.each([
      [{ ...input, id: '' }, InvalidArgumentError, 'id must be a string of 1-1024 characters (got "")'],
      [{ ...input, collection: '' }, InvalidArgumentError, 'collection must be a string of 1-255 characters'],
      [{ ...input, contentHash: 5 }, InvalidArgumentError, 'contentHash must be a string'],
      [{ ...input, metadata: [] }, InvalidArgumentError, 'metadata must be a JSON object'],
      [{ ...input, chunks: 'x' }, InvalidArgumentError, 'chunks must be an array'],
      [{ ...input, chunks: [{ text: 1, embedding: vector(1, 0, 0, 0) }] }, InvalidArgumentError, 'chunks[0].text must be a string'],
      [{ ...input, chunks: [null] }, InvalidArgumentError, 'chunks[0] must be an object'],
      [{ ...input, chunks: [{ text: 'a\u0000', embedding: vector(1, 0, 0, 0) }] }, InvalidArgumentError, 'chunks[0].text must not contain the NUL'],
      [{ ...input, chunks: [{ text: 'a', embedding: vector(0, 0, 0, 0) }] }, InvalidArgumentError, 'chunks[0].embedding must not be all zeros'],
      [{ ...input, chunks: [{ text: 'a', embedding: vector(1, Number.NaN, 0, 0) }] }, InvalidArgumentError, 'chunks[0].embedding[1] must be a finite number'],
      [{ ...input, chunks: [{ text: 'a', embedding: vector(1, 0, 0, 0), ordinal: -1 }] }, InvalidArgumentError, 'chunks[0].ordinal must be an integer ≥ 0'],
      [
        { ...input, chunks: [{ text: 'a', embedding: vector(1, 0, 0, 0) }, { text: 'b', embedding: vector(1, 0, 0, 0), ordinal: 0 }] },
        InvalidArgumentError,
        'chunks[1].ordinal 0 is used twice',
      ],
      [
        { ...input, chunks: [{ text: 'a', embedding: vector(1, 0, 0) }] },
        DimensionMismatchError,
        'Dimension mismatch on collection "default" (upsert): it holds 4-dimensional vectors, got 3',
      ],
    ])('rejects %j before touching the database', async (bad, errorClass, message) => {
      const { driver, store } = createStore();
      await expect(store.upsertDocument(bad as UpsertDocumentInput)).rejects.toThrow(errorClass);
      await expect(store.upsertDocument(bad as UpsertDocumentInput)).rejects.toThrow(message);
      expect(driver.statements).toEqual([]);
    });

    it('refuses a collection created with other dimensions, in the transaction', async () => {
      const { driver, store } = createStore(withCollections({ default: 4, small: 3 }));
      await store.init();
      await expect(store.upsertDocument({ ...input, collection: 'small' })).rejects.toThrow(
        expect.objectContaining({ code: 'VECTOR_STORE_DIMENSION_MISMATCH', collection: 'small', expected: 3, actual: 4 }),
      );
      expect(driver.matching('INSERT INTO "vector_store".documents')).toEqual([]);
    });

    it('wraps database errors with the operation, SQLSTATE and cause', async () => {
      const cause = Object.assign(new Error('relation does not exist'), { code: '42P01' });
      const { store } = createStore((sql, params) => {
        if (sql.startsWith('DELETE FROM')) throw cause;
        return defaultAnswer(sql, params);
      });
      await expect(store.upsertDocument(input)).rejects.toThrow(
        expect.objectContaining({
          code: 'VECTOR_STORE_QUERY_FAILED',
          operation: 'upsert',
          sqlState: '42P01',
          cause,
          message: 'Vector store upsert failed (SQLSTATE 42P01): relation does not exist',
        }),
      );
    });
  });

  describe('search', () => {
    const query: SearchInput = { embedding: vector(1, 0, 0, 0) };

    it('returns [] for an unknown collection', async () => {
      const { store } = createStore(withCollections({}));
      await expect(store.search({ ...query, collection: 'nope' })).resolves.toEqual([]);
    });

    it('is one statement, outside any transaction, that sets ef_search = max(efSearch, topK) and relaxed-order iterative scans for itself', async () => {
      const { driver, store } = createStore(withCollections({ default: 4 }), { hnsw: { efSearch: 40 } });
      await store.init();
      const before = driver.statements.length;
      await store.search({ ...query, topK: 100 });
      const sent = driver.statements.slice(before);
      expect(sent).toEqual([expect.objectContaining({ params: ['default', '[1,0,0,0]', 100, '100'], inTransaction: false })]);
      expect(sent[0].sql).toContain("set_config('hnsw.ef_search', $4, true)");
      expect(sent[0].sql).toContain("set_config('hnsw.iterative_scan', 'relaxed_order', true)");
      await store.search({ ...query, topK: 3 });
      expect(driver.statements.at(-1)?.params).toEqual(['default', '[1,0,0,0]', 3, '40']);
    });

    it('does not ask pgvector < 0.8 for iterative scans', async () => {
      const { driver, store } = createStore(withCollections({ default: 4 }, '0.7.4'));
      await store.search({ ...query, topK: 3 });
      expect(driver.matching("set_config('hnsw.ef_search', $4, true)")[0]).toMatchObject({ params: ['default', '[1,0,0,0]', 3, '100'] });
      expect(driver.matching('iterative_scan')).toEqual([]);
    });

    it('passes a filter as jsonb containment and maps rows to results with score = 1 - distance', async () => {
      const { driver, store } = createStore((sql, params) => {
        if (sql.includes('ORDER BY (c.embedding')) {
          return [{ document_id: 'doc', ordinal: 2, text: 'hello', metadata: { lang: 'en' }, distance: 0.25 }];
        }
        return withCollections({ default: 4 })(sql, params);
      });
      await expect(store.search({ ...query, filter: { lang: 'en' } })).resolves.toEqual([
        { documentId: 'doc', chunkId: 'doc#2', text: 'hello', score: 0.75, metadata: { lang: 'en' } },
      ]);
      expect(driver.matching('@> $4::jsonb')[0].params).toEqual(['default', '[1,0,0,0]', 5, '{"lang":"en"}', '100']);
    });

    it.each([
      [{ ...query, topK: 0 }, InvalidArgumentError, 'topK must be an integer from 1 to 100 (got 0)'],
      [{ ...query, topK: 101 }, InvalidArgumentError, 'topK must be an integer from 1 to 100 (got 101)'],
      [{ ...query, topK: 2.5 }, InvalidArgumentError, 'topK must be an integer from 1 to 100'],
      [{ ...query, embedding: [] }, InvalidArgumentError, 'embedding must not be empty'],
      [{ ...query, filter: { tags: ['a'] } }, InvalidArgumentError, 'filter.tags must be a string'],
      [{ ...query, embedding: vector(1, 0, 0, 0, 0) }, DimensionMismatchError, 'Dimension mismatch on collection "default" (search): it holds 4-dimensional vectors, got 5'],
    ])('rejects %j', async (bad, errorClass, message) => {
      const { driver, store } = createStore();
      await expect(store.search(bad as SearchInput)).rejects.toThrow(errorClass);
      await expect(store.search(bad as SearchInput)).rejects.toThrow(message);
      expect(driver.statements).toEqual([]);
    });

    it('refuses a collection of other dimensions', async () => {
      const { store } = createStore(withCollections({ default: 4, wide: 8 }));
      await expect(store.search({ ...query, collection: 'wide' })).rejects.toThrow(
        expect.objectContaining({ collection: 'wide', expected: 8, actual: 4 }),
      );
    });
  });

  describe('documents', () => {
    it('getDocument gives null for a missing document', async () => {
      const { store } = createStore();
      await expect(store.getDocument({ id: 'missing' })).resolves.toBeNull();
    });

    it('findDocumentHash gives the stored hash or null', async () => {
      const { store } = createStore((sql, params) =>
        sql.startsWith('SELECT content_hash') ? (params[1] === 'a' ? [{ content_hash: 'h' }] : []) : defaultAnswer(sql, params),
      );
      await expect(store.findDocumentHash({ id: 'a' })).resolves.toBe('h');
      await expect(store.findDocumentHash({ id: 'b', collection: 'other' })).resolves.toBeNull();
    });

    it('deleteDocument tells whether the document existed', async () => {
      const { store } = createStore((sql, params) => (sql.startsWith('DELETE FROM') ? (params[1] === 'a' ? [{ id: 'a' }] : []) : defaultAnswer(sql, params)));
      await expect(store.deleteDocument({ id: 'a' })).resolves.toBe(true);
      await expect(store.deleteDocument({ id: 'b' })).resolves.toBe(false);
    });

    it('setDocumentState upserts the state, keeping metadata and requested metadata unless given', async () => {
      const { driver, store } = createStore((sql, params) =>
        sql.includes('RETURNING collection') ? [documentRow({ state: 'failed', error: 'boom' })] : defaultAnswer(sql, params),
      );
      await expect(store.setDocumentState({ id: 'doc', state: 'failed', error: 'boom' })).resolves.toMatchObject({ state: 'failed', error: 'boom' });
      await store.setDocumentState({ id: 'doc', state: 'pending', metadata: { a: 1 }, ingestToken: 'tok' });
      await store.setDocumentState({ id: 'doc', state: 'pending', ingestToken: 'tok2', requestedMetadata: { b: 2 } });
      expect(driver.matching('INSERT INTO').filter((s) => s.sql.includes('COALESCE($5::jsonb')).map((s) => s.params)).toEqual([
        ['default', 'doc', 'failed', 'boom', null, null, null],
        ['default', 'doc', 'pending', null, '{"a":1}', 'tok', null],
        ['default', 'doc', 'pending', null, null, 'tok2', '{"b":2}'],
      ]);
      await expect(store.setDocumentState({ id: 'doc', state: 'pending', requestedMetadata: [] as never })).rejects.toThrow(
        'requestedMetadata must be a JSON object',
      );
    });

    it('setDocumentState rejects an unknown state', async () => {
      const { store } = createStore();
      await expect(store.setDocumentState({ id: 'doc', state: 'done' as never })).rejects.toThrow(
        'state must be one of pending, processing, ready, failed (got "done")',
      );
    });
  });

  it('exposes its dimensions, default collection and chunking', () => {
    const { store } = createStore(defaultAnswer, { chunkSize: 500, chunkOverlap: 50, defaultCollection: 'docs' });
    expect(store).toMatchObject({ dimensions: 4, defaultCollection: 'docs', chunking: { chunkSize: 500, chunkOverlap: 50 } });
  });

  it('analyze refreshes the statistics of its tables', async () => {
    const { driver, store } = createStore();
    await store.analyze();
    expect(driver.matching('ANALYZE').map((s) => s.sql)).toEqual(['ANALYZE "vector_store".documents, "vector_store".chunks_d4']);
  });

  it('ping runs SELECT 1', async () => {
    const { driver, store } = createStore();
    await store.ping();
    expect(driver.statements).toEqual([{ sql: 'SELECT 1', params: [], inTransaction: false }]);
  });
});
