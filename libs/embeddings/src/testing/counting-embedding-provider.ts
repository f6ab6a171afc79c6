import type { EmbeddingProvider } from '../lib/interfaces/embedding-provider.interface';
import { LocalEmbeddingProvider } from '../lib/providers/local/local-embedding.provider';

/**
 * An in-memory `EmbeddingProvider` for unit tests of callers: delegates to `inner` (by default a
 * `LocalEmbeddingProvider`), records every call, and rejects the next calls with injected errors.
 */
export class CountingEmbeddingProvider implements EmbeddingProvider {
  /** The `texts` of every `embed()` call, failed ones included. */
  readonly calls: string[][] = [];
  readonly #errors: unknown[] = [];
  #succeeded = 0;

  constructor(
    /** Provider that computes the vectors. */
    readonly inner: EmbeddingProvider = new LocalEmbeddingProvider(),
  ) {}

  /** `inner.model`. */
  get model(): string {
    return this.inner.model;
  }

  /** `inner.dimensions`. */
  get dimensions(): number {
    return this.inner.dimensions;
  }

  /** Number of `embed()` calls. */
  get callCount(): number {
    return this.calls.length;
  }

  /** Number of texts passed to successful `embed()` calls. */
  get inputCount(): number {
    return this.#succeeded;
  }

  /** Rejects the next `times` calls with `error`. */
  failNext(error: unknown, times = 1): this {
    for (let i = 0; i < times; i++) this.#errors.push(error);
    return this;
  }

  /** Records the call, then rejects with a pending injected error or delegates to `inner`. */
  async embed(texts: string[]): Promise<number[][] | Float32Array[]> {
    this.calls.push([...texts]);
    if (this.#errors.length > 0) throw this.#errors.shift();
    const vectors = await this.inner.embed(texts);
    this.#succeeded += texts.length;
    return vectors;
  }

  /** Forgets recorded calls and pending errors. */
  reset(): void {
    this.calls.length = 0;
    this.#errors.length = 0;
    this.#succeeded = 0;
  }
}
