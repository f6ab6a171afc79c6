import type { PreparedChunk } from '../interfaces/prepared-chunk.interface';
import { batchChunks } from './batch-chunks.util';

const chunk = (ordinal: number, literalLength = 10): PreparedChunk => ({ ordinal, text: 't', literal: 'x'.repeat(literalLength) });

describe('batchChunks', () => {
  it('gives no batch for no chunks', () => {
    expect(batchChunks([])).toEqual([]);
  });

  it('caps a batch at 500 rows, keeping order', () => {
    const batches = batchChunks(Array.from({ length: 1_001 }, (_, i) => chunk(i)));
    expect(batches.map((b) => b.length)).toEqual([500, 500, 1]);
    expect(batches.flat().map((c) => c.ordinal)).toEqual(Array.from({ length: 1_001 }, (_, i) => i));
  });

  it('caps a batch at about 4 MB of literals and text, sending a larger chunk alone', () => {
    expect(batchChunks([chunk(0, 1_500_000), chunk(1, 1_500_000), chunk(2, 1_500_000)]).map((b) => b.length)).toEqual([2, 1]);
    expect(batchChunks([chunk(0, 5_000_000), chunk(1)]).map((b) => b.length)).toEqual([1, 1]);
  });
});
