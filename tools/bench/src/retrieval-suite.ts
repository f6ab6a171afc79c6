import { LocalEmbeddingProvider } from '@rag/embeddings';
import { PGliteDriver, VECTOR_STORE_DEFAULTS, VectorStore } from '@rag/vector-store';
import { measureSearchQuality } from './search-quality';
import type { SearchQualityRow } from './search-quality';
import { BENCH_CHUNKING, syntheticCorpus, syntheticText } from './synthetic-text';

/** What the retrieval suite measured. */
export interface RetrievalResult {
  documents: number;
  chunks: number;
  dims: number;
  /** Chunks stored per second by `upsertDocument` (embeddings precomputed; HNSW maintained). */
  upsertChunksPerSecond: number;
  /** Search latency and recall@10 against an exact scan, at the store's default `ef_search`. */
  search: SearchQualityRow;
  queries: number;
}

/**
 * Retrieval over `chunks` chunks in an in-memory PGlite with pgvector (the embedded default; the
 * SQL is the same on PostgreSQL): ingestion throughput of `upsertDocument`, then `search` latency
 * and recall@10 with and without a metadata filter. Vectors come from the local embedder (384 dims).
 */
export async function runRetrievalSuite(options: { chunks: number; queries: number }): Promise<RetrievalResult> {
  const provider = new LocalEmbeddingProvider();
  const driver = await PGliteDriver.create();
  const storeOptions = { dimensions: provider.dimensions, ...BENCH_CHUNKING };
  const store = new VectorStore(driver, storeOptions);
  try {
    await store.init();
    const documents = syntheticCorpus(options.chunks);
    let chunks = 0;
    let upsertMs = 0;
    for (const document of documents) {
      const embeddings = await provider.embed(document.pieces);
      const started = performance.now();
      await store.upsertDocument({
        id: document.id,
        metadata: document.metadata,
        chunks: document.pieces.map((text, i) => ({ text, embedding: embeddings[i] })),
      });
      upsertMs += performance.now() - started;
      chunks += document.pieces.length;
    }
    await store.analyze();

    const queries = await provider.embed(Array.from({ length: options.queries }, (_, i) => syntheticText(1_000_000 + i, 1)));
    const [search] = await measureSearchQuality(driver, {
      store: storeOptions,
      queries,
      filter: { group: 3 },
      topK: 10,
      efSearch: [VECTOR_STORE_DEFAULTS.hnsw.efSearch],
    });
    return {
      documents: documents.length,
      chunks,
      dims: provider.dimensions,
      upsertChunksPerSecond: chunks / (upsertMs / 1000),
      search,
      queries: options.queries,
    };
  } finally {
    await driver.close();
  }
}
