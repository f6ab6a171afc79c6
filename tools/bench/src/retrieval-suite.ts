import { LocalEmbeddingProvider } from '@rag/embeddings';
import { PGliteDriver, VectorStore, chunkText } from '@rag/vector-store';
import { summarize } from './stats';
import type { Summary } from './stats';

/** What the retrieval suite measured. */
export interface RetrievalResult {
  documents: number;
  chunks: number;
  dims: number;
  /** Chunks stored per second by `upsertDocument` (embeddings precomputed; HNSW maintained). */
  upsertChunksPerSecond: number;
  /** `search` (topK 5) latency in ms, on an analysed store. */
  search: Summary;
  /** `search` with a metadata filter (topK 5) latency in ms. */
  filteredSearch: Summary;
  queries: number;
}

const WORDS = (
  'bread dough oven flour yeast volcano magma lava eruption crust sailing wind tide harbour rigging ' +
  'garden tulip soil seed river bridge engine piston fuel circuit voltage planet orbit comet galaxy ' +
  'market price trade bond equity museum painting sculpture poem novel chapter verse melody rhythm'
).split(' ');

/** A deterministic pseudo-text of `sentences` sentences for document `n`. */
function syntheticText(n: number, sentences: number): string {
  let seed = n * 2_654_435_761;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    return seed;
  };
  return Array.from({ length: sentences }, () => {
    const words = Array.from({ length: 12 + (next() % 10) }, () => WORDS[next() % WORDS.length]);
    return `${words.join(' ')}.`;
  }).join(' ');
}

/**
 * Retrieval over `chunks` chunks in an in-memory PGlite with pgvector (the embedded default; the
 * SQL is the same on PostgreSQL): ingestion throughput of `upsertDocument`, then `search` latency
 * with and without a metadata filter. Vectors come from the local embedder (384 dims).
 */
export async function runRetrievalSuite(options: { chunks: number; queries: number }): Promise<RetrievalResult> {
  const provider = new LocalEmbeddingProvider();
  const driver = await PGliteDriver.create();
  const store = new VectorStore(driver, { dimensions: provider.dimensions, chunkSize: 400, chunkOverlap: 0 });
  try {
    await store.init();
    const chunksPerDocument = 10;
    const documents = Math.ceil(options.chunks / chunksPerDocument);
    let chunks = 0;
    let upsertMs = 0;
    for (let n = 0; n < documents; n += 1) {
      const pieces = chunkText(syntheticText(n, 30), store.chunking).slice(0, chunksPerDocument);
      const embeddings = await provider.embed(pieces);
      const started = performance.now();
      await store.upsertDocument({
        id: `doc-${n}`,
        metadata: { group: n % 10 },
        chunks: pieces.map((text, i) => ({ text, embedding: embeddings[i] })),
      });
      upsertMs += performance.now() - started;
      chunks += pieces.length;
    }
    await store.analyze();

    const queries = await provider.embed(Array.from({ length: options.queries }, (_, i) => syntheticText(1_000_000 + i, 1)));
    const plain: number[] = [];
    const filtered: number[] = [];
    for (const embedding of queries.slice(0, 10)) await store.search({ embedding, topK: 5 });
    for (const embedding of queries) {
      let started = performance.now();
      await store.search({ embedding, topK: 5 });
      plain.push(performance.now() - started);
      started = performance.now();
      await store.search({ embedding, topK: 5, filter: { group: 3 } });
      filtered.push(performance.now() - started);
    }
    return {
      documents,
      chunks,
      dims: provider.dimensions,
      upsertChunksPerSecond: chunks / (upsertMs / 1000),
      search: summarize(plain),
      filteredSearch: summarize(filtered),
      queries: options.queries,
    };
  } finally {
    await driver.close();
  }
}
