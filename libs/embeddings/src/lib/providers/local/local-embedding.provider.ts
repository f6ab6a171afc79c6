import { availableParallelism } from 'node:os';
import { EMBEDDING_DIMENSIONS_RANGE } from '../../embeddings.constants';
import { InvalidEmbeddingsConfigError } from '../../errors/invalid-embeddings-config.error';
import type { EmbeddingProvider } from '../../interfaces/embedding-provider.interface';
import { assertTexts } from '../../utils/assert-texts.util';
import { fnv1a32 } from './fnv1a-32.util';
import { LOCAL_EMBEDDING_DIMENSIONS, LOCAL_EMBEDDING_INLINE_MAX_CHARS, LOCAL_EMBEDDING_MAX_THREADS, LOCAL_EMBEDDING_MODEL } from './local-embedding.constants';
import { LocalEmbeddingPool } from './local-embedding-pool';
import type { LocalEmbeddingProviderOptions } from './local-embedding-provider-options.interface';

/** Runs of letters, digits and combining marks (without `\p{M}`, Hindi or Thai words would split at every vowel sign). */
const TOKEN_PATTERN = /[\p{L}\p{M}\p{N}]+/gu;
/** Separate hash seeds keep the word "ing" and the 3-gram "ing" apart. */
const WORD_SEED = fnv1a32('local-hash-v1:word');
const NGRAM_SEED = fnv1a32('local-hash-v1:ngram');
/**
 * A word of n letters brings n 3-grams; at 0.4 each, a 6-letter word's n-grams carry about as much
 * of the vector's energy (6 × 0.16) as the word itself (1), so shared words dominate and shared
 * stems (`embed` / `embedding`) still score.
 */
const WORD_WEIGHT = 1;
const NGRAM_WEIGHT = 0.4;
/** Dimension set to 1 for a text without any word, so that its vector is still a unit vector. */
const EMPTY_TEXT_DIMENSION = 0;

/**
 * Deterministic offline embedder, the default when no API key is configured, so the system runs on
 * a bare machine. **Lexical, not semantic**: texts score as similar when they share words or
 * character 3-grams, never because they mean the same thing ("car" and "automobile" are unrelated).
 *
 * Each text is NFKC-normalised, lower-cased and split into Unicode words; every word and every
 * 3-gram of `<word>` (with boundary markers) is hashed (FNV-1a + Murmur3 finaliser) to a dimension
 * and a sign (feature hashing), words weighing 1 and 3-grams 0.4 each, then the vector is
 * L2-normalised. A text without any letter or digit (empty, whitespace, punctuation) gets the unit
 * vector on dimension 0: all such texts are identical to each other and nearly orthogonal to the rest.
 * Model id `local-hash-v1`, 384 dimensions; about 5-20 µs per short text, ~0.3 ms per 5,000
 * characters. Calls of more than `LOCAL_EMBEDDING_INLINE_MAX_CHARS` characters run on worker
 * threads (`threads`), so that a large input never blocks the event loop; call `close()` to stop them.
 */
export class LocalEmbeddingProvider implements EmbeddingProvider {
  /** `local-hash-v1`, or `local-hash-v1-d<dimensions>` for a non-default size. */
  readonly model: string;
  /** Vector length. */
  readonly dimensions: number;
  /** Worker threads of large calls; `undefined` with `threads: 0`. */
  readonly #pool?: LocalEmbeddingPool;

  constructor(options: LocalEmbeddingProviderOptions = {}) {
    const dimensions = options.dimensions ?? LOCAL_EMBEDDING_DIMENSIONS;
    const [min, max] = EMBEDDING_DIMENSIONS_RANGE;
    if (!Number.isInteger(dimensions) || dimensions < min || dimensions > max) {
      throw new InvalidEmbeddingsConfigError([
        `dimensions must be an integer from ${min} to ${max} (got ${JSON.stringify(dimensions)})`,
      ]);
    }
    const threads = options.threads ?? defaultLocalEmbeddingThreads();
    if (!Number.isInteger(threads) || threads < 0 || threads > LOCAL_EMBEDDING_MAX_THREADS) {
      throw new InvalidEmbeddingsConfigError([`threads must be an integer from 0 to ${LOCAL_EMBEDDING_MAX_THREADS} (got ${JSON.stringify(threads)})`]);
    }
    this.dimensions = dimensions;
    this.#pool = threads > 0 ? new LocalEmbeddingPool(threads, dimensions) : undefined;
    this.model = dimensions === LOCAL_EMBEDDING_DIMENSIONS ? LOCAL_EMBEDDING_MODEL : `${LOCAL_EMBEDDING_MODEL}-d${dimensions}`;
  }

  /** Embeds `texts` in input order, on the worker threads when they are large; never rejects for a string input. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    assertTexts(texts);
    let chars = 0;
    for (const text of texts) chars += text.length;
    if (this.#pool === undefined || chars <= LOCAL_EMBEDDING_INLINE_MAX_CHARS) return texts.map((text) => this.embedSync(text));
    return this.#pool.embed(texts);
  }

  /** Stops the worker threads (a later large call starts them again). */
  async close(): Promise<void> {
    await this.#pool?.close();
  }

  /** The vector of one text, synchronously. */
  embedSync(text: string): Float32Array {
    const sums = new Float64Array(this.dimensions);
    const words = text.normalize('NFKC').toLowerCase().match(TOKEN_PATTERN) ?? [];
    for (const word of words) {
      this.#add(sums, fnv1a32(word, WORD_SEED), WORD_WEIGHT);
      // Code points, not UTF-16 units, so that a 3-gram never holds half of a surrogate pair.
      const chars = Array.from(`<${word}>`);
      for (let i = 0; i + 2 < chars.length; i++) {
        this.#add(sums, fnv1a32(chars[i] + chars[i + 1] + chars[i + 2], NGRAM_SEED), NGRAM_WEIGHT);
      }
    }
    let squares = 0;
    for (let i = 0; i < sums.length; i++) squares += sums[i] * sums[i];
    const vector = new Float32Array(this.dimensions);
    // Colliding features of opposite signs could in theory cancel out to zero, so test the norm, not the word count.
    if (squares === 0) {
      vector[EMPTY_TEXT_DIMENSION] = 1;
      return vector;
    }
    const norm = Math.sqrt(squares);
    for (let i = 0; i < sums.length; i++) vector[i] = sums[i] / norm;
    return vector;
  }

  #add(sums: Float64Array, hash: number, weight: number): void {
    sums[hash % this.dimensions] += hash & 0x80000000 ? -weight : weight;
  }
}

/** Default `threads`: the cores left besides the event loop's, at least 1, at most 4. */
export function defaultLocalEmbeddingThreads(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}
