import { LocalEmbeddingProvider } from './local-embedding.provider';

describe('LocalEmbeddingProvider on worker threads (large calls)', () => {
  const threaded = new LocalEmbeddingProvider({ threads: 2 });
  const inline = new LocalEmbeddingProvider({ threads: 0 });
  const texts = Array.from({ length: 200 }, (_, i) => `text ${i}: ${'lexical hashing of words and trigrams, '.repeat(120)}`);

  afterAll(() => threaded.close());

  it('gives exactly the vectors of the synchronous path, in input order, as separate arrays', async () => {
    const vectors = await threaded.embed(texts);

    expect(vectors).toHaveLength(texts.length);
    vectors.forEach((vector, i) => expect(vector).toEqual(inline.embedSync(texts[i])));
    // Copies, not views of one task's buffer.
    expect(vectors[0].buffer).not.toBe(vectors[1].buffer);
  }, 60_000);

  it('keeps the event loop free while it computes (the inline path blocks it for the whole call)', async () => {
    await threaded.embed(texts.slice(0, 50)); // threads started
    // Longest gap between the ticks of a 5 ms timer while the call runs (and one tick after it).
    const measure = async (provider: LocalEmbeddingProvider): Promise<number> => {
      let last = Date.now();
      let max = 0;
      const timer = setInterval(() => {
        max = Math.max(max, Date.now() - last);
        last = Date.now();
      }, 5);
      await provider.embed(texts);
      await new Promise((resolve) => setTimeout(resolve, 20));
      clearInterval(timer);
      return max;
    };
    const blockedMs = await measure(inline);
    const threadedMs = await measure(threaded);
    process.stdout.write(`local provider, 200 texts of 4.8 k chars: loop blocked ${Math.round(blockedMs)} ms inline, ${Math.round(threadedMs)} ms threaded\n`);
    expect(threadedMs).toBeLessThan(blockedMs / 2);
  }, 120_000);

  it('computes small calls on the calling thread and refuses a bad thread count', async () => {
    await expect(threaded.embed(['short'])).resolves.toEqual([inline.embedSync('short')]);
    expect(() => new LocalEmbeddingProvider({ threads: -1 })).toThrow(/threads must be an integer from 0 to 64/);
  });
});
