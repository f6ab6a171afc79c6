import { planBatches } from './plan-batches.util';

const texts = (count: number, length = 1): string[] => Array.from({ length: count }, () => 'x'.repeat(length));

describe('planBatches', () => {
  it('returns no batch for no text', () => {
    expect(planBatches([], { maxInputs: 10, maxTokens: 10 })).toEqual([]);
  });

  it('splits by count: 5000 texts at 2048 → 2048 + 2048 + 904', () => {
    expect(planBatches(texts(5000), { maxInputs: 2048, maxTokens: 300_000 })).toEqual([
      { start: 0, end: 2048 },
      { start: 2048, end: 4096 },
      { start: 4096, end: 5000 },
    ]);
  });

  it('splits by tokens, counted as UTF-8 bytes', () => {
    expect(planBatches(texts(10, 100), { maxInputs: 2048, maxTokens: 250 })).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 6 },
      { start: 6, end: 8 },
      { start: 8, end: 10 },
    ]);
  });

  it('counts a character by its UTF-8 bytes, a bound no byte-level BPE token count can exceed', () => {
    // 'é' is 2 bytes, '日' 3 and '😀' 4 (one token at least per byte sequence the tokenizer merges).
    expect(planBatches(['éé', '日', '😀', 'ab'], { maxInputs: 10, maxTokens: 4 })).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
      { start: 2, end: 3 },
      { start: 3, end: 4 },
    ]);
  });

  it('fills a batch exactly up to the token limit', () => {
    expect(planBatches(['aa', 'bb', 'cc'], { maxInputs: 10, maxTokens: 4 })).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 3 },
    ]);
  });

  it('sends an over-long text alone, between its neighbours', () => {
    expect(planBatches(['a', 'x'.repeat(50), 'b', 'c'], { maxInputs: 10, maxTokens: 10 })).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
      { start: 2, end: 4 },
    ]);
  });

  it('covers every index once, in order, within both limits', () => {
    const input = Array.from({ length: 997 }, (_, i) => 'yé'.repeat((i * 37) % 101));
    const batches = planBatches(input, { maxInputs: 64, maxTokens: 1_500 });
    expect(batches[0].start).toBe(0);
    expect(batches[batches.length - 1].end).toBe(input.length);
    batches.forEach((batch, i) => {
      if (i > 0) expect(batch.start).toBe(batches[i - 1].end);
      expect(batch.end - batch.start).toBeLessThanOrEqual(64);
      const bytes = input.slice(batch.start, batch.end).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
      expect(bytes).toBeLessThanOrEqual(1_500);
    });
  });
});
