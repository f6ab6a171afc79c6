/** One request kept: a copy of its body's bytes, and what was answered. */
interface RecentRequest<T> {
  bytes: Buffer;
  answer: T;
}

/**
 * The last few request bodies answered from memory, by their exact bytes, with what was answered
 * (issue #18). The same bytes parse to the same request, so rag-api's fast path can skip the body
 * checks, `JSON.parse`, the validation, the hashing and lookups of every text and the response's
 * assembly for a body it has answered just before, once the cache confirms that the answer's
 * vectors are still the ones it holds (`EmbeddingsService.stillFromMemory`): what makes a
 * repeated request (a popular query, a retried batch) cost about what a bare server costs.
 * Written by hand: an LRU library would hash every body to look it up, where a few `Buffer`
 * comparisons decide here.
 * Bounded: `maxEntries` bodies of at most `maxRequestBytes` bytes, with answers of at most
 * `maxAnswerBytes` (`answer.body`), the least recently remembered dropped first.
 */
export class RecentRequests<T extends { readonly body: Buffer }> {
  private readonly entries: RecentRequest<T>[] = [];

  constructor(
    private readonly maxEntries = 4,
    private readonly maxRequestBytes = 65_536,
    private readonly maxAnswerBytes = 1_048_576,
  ) {}

  /** What was remembered for a body of exactly `bytes`, else `undefined`. */
  find(bytes: Buffer): T | undefined {
    return this.entries[this.indexOf(bytes)]?.answer;
  }

  /**
   * Remembers `answer` for a body of `bytes` (copied: the caller's Buffer may be a view of a socket
   * buffer that is reused), in place of what was remembered for the same bytes; a body or answer
   * beyond the bounds is not kept.
   */
  remember(bytes: Buffer, answer: T): void {
    if (this.maxEntries === 0 || bytes.length > this.maxRequestBytes || answer.body.length > this.maxAnswerBytes) return;
    const same = this.indexOf(bytes);
    if (same >= 0) this.entries.splice(same, 1);
    else if (this.entries.length >= this.maxEntries) this.entries.pop();
    this.entries.unshift({ bytes: Buffer.from(bytes), answer });
  }

  /** Where the entry for a body of exactly `bytes` is, or -1 (`Buffer#equals` compares lengths first). */
  private indexOf(bytes: Buffer): number {
    for (let i = 0; i < this.entries.length; i += 1) if (this.entries[i].bytes.equals(bytes)) return i;
    return -1;
  }
}
