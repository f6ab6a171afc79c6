import { chunkTableName, VectorStoreSql } from './vector-store.sql';

const sql = new VectorStoreSql('vector_store', 384);
const hnsw = { m: 16, efConstruction: 64, efSearch: 40, exactScanMaxChunks: 2000 };

describe('VectorStoreSql', () => {
  it('names one chunks table per dimension count, in the schema', () => {
    expect(chunkTableName(384)).toBe('chunks_d384');
    expect(sql.chunks).toBe('"vector_store".chunks_d384');
    expect(sql.documents).toBe('"vector_store".documents');
    expect(() => chunkTableName(0)).toThrow(RangeError);
  });

  it('creates an HNSW cosine index on the vector column up to 2000 dimensions', () => {
    const ddl = sql.schemaStatements(hnsw, 'vector').join(';\n');
    expect(ddl).toContain('embedding vector(384) NOT NULL');
    expect(ddl).toContain(
      'CREATE INDEX IF NOT EXISTS chunks_d384_embedding_hnsw ON "vector_store".chunks_d384 USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)',
    );
    expect(ddl).toContain('ON DELETE CASCADE');
  });

  it('indexes a halfvec cast above 2000 dimensions, and nothing for exact search', () => {
    const large = new VectorStoreSql('vs', 3072);
    expect(large.schemaStatements(hnsw, 'halfvec').join('\n')).toContain('USING hnsw ((embedding::halfvec(3072)) halfvec_cosine_ops)');
    expect(large.search('halfvec', false)).toContain('(c.embedding::halfvec(3072) <=> $2::halfvec(3072))');
    expect(large.schemaStatements(hnsw, 'none').join('\n')).not.toContain('hnsw');
  });

  it('numbers the parameters of a multi-row chunk insert', () => {
    expect(sql.insertChunks(2)).toBe(
      'INSERT INTO "vector_store".chunks_d384 (collection, document_id, ordinal, text, embedding) VALUES ($1, $2, $3, $4, $5::vector), ($1, $2, $6, $7, $8::vector)',
    );
  });

  it('orders search by cosine distance, filtering with jsonb containment only when asked', () => {
    const unfiltered = sql.search('vector', false);
    expect(unfiltered).toContain('ORDER BY (c.embedding <=> $2::vector)');
    expect(unfiltered).toContain('LIMIT $3');
    expect(unfiltered).not.toContain('@>');
    expect(sql.search('vector', true)).toContain('AND d.metadata @> $4::jsonb');
    expect(unfiltered).toMatch(/LATERAL \(.*\) AS n\s+ORDER BY n\.distance$/s);
  });

  it('sets ef_search (the last parameter) and relaxed-order iterative scans inside the statement, gating the scan on them', () => {
    expect(sql.search('vector', false)).toContain("FROM (SELECT set_config('hnsw.ef_search', $4, true) AS ef_search, set_config('hnsw.iterative_scan', 'relaxed_order', true) AS iterative_scan) AS settings");
    expect(sql.search('vector', true)).toContain("set_config('hnsw.ef_search', $5, true)");
    expect(sql.search('vector', false)).toContain('AND settings.ef_search IS NOT NULL');
    expect(sql.search('vector', false, false)).not.toContain('iterative_scan');
    expect(sql.search('none', true)).not.toContain('set_config');
    expect(sql.search('none', true)).not.toContain('$5');
  });

  it('with exactScanMaxChunks, counts the filter\'s chunks and runs either the index or an exact scan of them', () => {
    const filtered = sql.search('vector', true, true, 2000);
    expect(filtered).toContain('SELECT chunk_count FROM "vector_store".documents WHERE collection = $1 AND metadata @> $4::jsonb LIMIT 2001');
    expect(filtered).toContain('AND settings.matched > 2000\n        ORDER BY (c.embedding <=> $2::vector)\n');
    expect(filtered).toContain('AND settings.matched <= 2000\n        ORDER BY (c.embedding <=> $2::vector) + 0\n');
    expect(filtered).toMatch(/\)\s+UNION ALL\s+\(/);
    expect(sql.search('vector', false, true, 2000)).not.toContain('matched');
    expect(sql.search('vector', true, true, 0)).not.toContain('matched');
  });
});
