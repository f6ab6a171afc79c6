import { move } from 'piscina';
import { LocalEmbeddingProvider } from './local-embedding.provider';

/** One task of `LocalEmbeddingPool`: texts to embed with the local provider of `dimensions`. */
export interface LocalEmbeddingTask {
  readonly texts: readonly string[];
  readonly dimensions: number;
}

const providers = new Map<number, LocalEmbeddingProvider>();

/**
 * Runs in a worker thread of `LocalEmbeddingPool` (loaded by piscina): the vectors of `texts`, one
 * after the other in one buffer that is moved, not copied, back to the caller's thread.
 */
export default function embedTexts({ texts, dimensions }: LocalEmbeddingTask): Float32Array {
  let provider = providers.get(dimensions);
  if (!provider) {
    // Threads 0 keeps this one synchronous: a worker thread never starts threads of its own.
    provider = new LocalEmbeddingProvider({ dimensions, threads: 0 });
    providers.set(dimensions, provider);
  }
  const out = new Float32Array(texts.length * dimensions);
  texts.forEach((text, i) => out.set(provider.embedSync(text), i * dimensions));
  return move(out) as unknown as Float32Array;
}
