import { chunkText } from '@rag/vector-store';

/** Topics of the synthetic corpus; document `n` is about topic `n % TOPICS`. */
const TOPICS = 20;
const WORDS_PER_TOPIC = 80;
const COMMON_WORDS = 300;
/** Share of a sentence's words taken from its topic; the rest are common to all topics. */
const TOPIC_SHARE = 0.7;

/** Deterministic PRNG (mulberry32): 32-bit state, full period, good low bits. */
function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Pseudo-words of 3-9 letters, the same on every run. */
function words(count: number, seed: number): string[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: 3 + Math.floor(next() * 7) }, () => String.fromCharCode(97 + Math.floor(next() * 26))).join(''));
}

const TOPIC_WORDS = Array.from({ length: TOPICS }, (_, topic) => words(WORDS_PER_TOPIC, 1_000 + topic));
const COMMON = words(COMMON_WORDS, 7);

/**
 * A deterministic pseudo-text of `sentences` sentences for document `n` (the same on every run): a
 * topic's words (70 %, a few of them frequent) among words common to every topic, so that texts
 * of one topic are near each other and the nearest neighbours of a query are a real ranking.
 */
export function syntheticText(n: number, sentences: number): string {
  const next = seededRandom(n + 1);
  const topic = TOPIC_WORDS[n % TOPICS];
  // Squaring the uniform draw makes low indices frequent (a rough Zipf law).
  const pick = (list: string[]): string => list[Math.floor(list.length * next() * next())];
  return Array.from({ length: sentences }, () => {
    const length = 8 + Math.floor(next() * 9);
    const sentence = Array.from({ length }, () => pick(next() < TOPIC_SHARE ? topic : COMMON));
    return `${sentence.join(' ')}.`;
  }).join(' ');
}

/** Chunking of the benchmark corpus (~10 chunks per document). */
export const BENCH_CHUNKING = { chunkSize: 400, chunkOverlap: 0 };

/** A document of the benchmark corpus, with the chunks `chunkText` makes of it. */
export interface BenchDocument {
  id: string;
  text: string;
  /** `group` is `n % 10`: a filter on one group keeps one document in 10 (topics `g` and `g + 10`). */
  metadata: { group: number };
  pieces: string[];
}

/** Synthetic documents of 40 sentences, chunked with `BENCH_CHUNKING`, until `chunks` chunks are reached. */
export function syntheticCorpus(chunks: number): BenchDocument[] {
  const documents: BenchDocument[] = [];
  let total = 0;
  for (let n = 0; total < chunks; n += 1) {
    const text = syntheticText(n, 40);
    const pieces = chunkText(text, BENCH_CHUNKING);
    documents.push({ id: `doc-${n}`, text, metadata: { group: n % 10 }, pieces });
    total += pieces.length;
  }
  return documents;
}
