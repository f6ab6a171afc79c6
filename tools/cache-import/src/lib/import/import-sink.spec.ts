import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decodeVector, encodeVector } from '@rag/embedding-cache';
import { RedisImportError } from '../errors/redis-import.error';
import { NotKeyValueStoreError } from '../errors/not-key-value-store.error';
import type { BatchOutcome } from '../interfaces/batch-outcome.interface';
import type { PreparedEntry } from '../interfaces/prepared-entry.interface';
import type { RedisBatchWriter } from '../redis/redis-batch-writer';
import { createImportStats } from '../summary/create-import-stats.util';
import { tokenize } from '../../../test/support/tokenize';
import { ImportSink } from './import-sink';
import type { ImportSinkOptions } from './import-sink';

const hex = (i: number): string => i.toString(16).padStart(64, '0');

const batches: PreparedEntry[][] = [];
const writer = { write: jest.fn() };

function sink(overrides: Partial<ImportSinkOptions> = {}): ImportSink {
  return new ImportSink({
    stats: createImportStats(100),
    writer: writer as unknown as RedisBatchWriter,
    prefix: 'p',
    batchSize: 2,
    collections: null,
    ...overrides,
  });
}

async function run(target: ImportSink, json: string): Promise<void> {
  await pipeline(Readable.from(await tokenize(json)), target);
}

describe('ImportSink', () => {
  beforeEach(() => {
    jest.clearAllMocks();
    batches.length = 0;
    writer.write.mockImplementation(async (batch: PreparedEntry[]): Promise<BatchOutcome> => {
      batches.push([...batch]);
      return { written: batch.length, alreadyPresent: 0 };
    });
  });

  it('writes valid entries in batches of batchSize as <prefix>:<hash> → encoded vector, the rest at the end', async () => {
    const target = sink();

    await run(target, `{"data": {"${hex(1)}": {"embedding": [0.1, 0.2]}, "${hex(2)}": [3, 4], "${hex(3)}": [5, 6]}}`);

    expect(batches.map((b) => b.map((e) => e.key))).toEqual([[`p:${hex(1)}`, `p:${hex(2)}`], [`p:${hex(3)}`]]);
    expect(decodeVector(batches[0][0].value)).toEqual(new Float32Array([0.1, 0.2]));
    expect((target as unknown as { options: ImportSinkOptions }).options.stats).toMatchObject({ entriesRead: 3, imported: 3 });
  });

  it('writes the configured element type', async () => {
    await run(sink({ dtype: 'float16' }), `{"data": {"${hex(1)}": [0.5, 0.25]}}`);

    expect(batches[0][0].value).toEqual(encodeVector([0.5, 0.25], 'float16'));
    expect(batches[0][0].value.length).toBe(8 + 2 * 2);
  });

  it('counts skipped entries by reason and never writes them', async () => {
    const stats = createImportStats(100);

    await run(
      sink({ stats, batchSize: 100 }),
      `{"data": {"bad": [1, 2], "${hex(1)}": [1, 2], "${hex(2)}": "x", "${hex(3)}": [1, NaN], "${hex(4)}": [1, 2, 3]}}`,
    );

    expect(stats.skipped).toEqual({ badKey: 1, notVector: 1, nonFinite: 1, mixedDims: 1 });
    expect(stats.imported).toBe(1);
    expect(stats.collections.get('data')).toEqual({ entries: 5, dims: 2 });
    expect(stats.lastEntry).toBe(`"data"/"${hex(4)}"`);
    expect(batches.flat().map((e) => e.key)).toEqual([`p:${hex(1)}`]);
  });

  it('sends a batch early once its values reach maxBatchBytes', async () => {
    await run(sink({ batchSize: 100, maxBatchBytes: 20 }), `{"c": {"${hex(1)}": [1, 2, 3], "${hex(2)}": [4, 5, 6], "${hex(3)}": [7, 8, 9]}}`);

    expect(batches.map((b) => b.length)).toEqual([1, 1, 1]);
  });

  it('holds the token that completed a batch, and every later one, until the batch is written (back-pressure)', async () => {
    let release: () => void = () => undefined;
    writer.write.mockImplementationOnce(
      (batch: PreparedEntry[]) =>
        new Promise<BatchOutcome>((resolve) => {
          release = () => resolve({ written: batch.length, alreadyPresent: 0 });
        }),
    );
    const target = sink({ batchSize: 1 });
    const tokens = await tokenize(`{"c": {"${hex(1)}": [1], "${hex(2)}": [2]}}`);
    const completing = tokens.findIndex((token) => token.name === 'endArray');
    const done = new Set<number>();

    tokens.forEach((token, i) => target.write(token, () => done.add(i)));
    await new Promise((resolve) => setImmediate(resolve));
    const heldWhileWriting = !done.has(completing) && !done.has(completing + 1);
    release();
    await new Promise((resolve) => setImmediate(resolve));

    expect(heldWhileWriting).toBe(true);
    expect(done.has(completing - 1)).toBe(true);
    expect(done.has(completing)).toBe(true);
    expect(done.has(completing + 1)).toBe(true);
  });

  it('counts only what Redis acknowledged when a batch fails, and fails the stream', async () => {
    const stats = createImportStats(100);
    writer.write.mockImplementationOnce(async (_batch: PreparedEntry[], onPartial: (o: BatchOutcome) => void) => {
      onPartial({ written: 1, alreadyPresent: 0 });
      throw new RedisImportError('lost the connection to Redis: boom');
    });
    const target = sink({ stats });

    await expect(run(target, `{"c": {"${hex(1)}": [1], "${hex(2)}": [2], "${hex(3)}": [3]}}`)).rejects.toThrow(RedisImportError);
    await target.settled();
    expect(stats.imported).toBe(1);
  });

  it('only counts what it would write in a dry run', async () => {
    const stats = createImportStats(100);

    await run(sink({ stats, writer: null }), `{"c": {"${hex(1)}": [1], "${hex(2)}": [2], "${hex(3)}": [3]}}`);

    expect(stats.imported).toBe(3);
    expect(writer.write).not.toHaveBeenCalled();
  });

  it('records collections left out and top-level values that are not collections', async () => {
    const stats = createImportStats(100);

    await run(sink({ stats, collections: new Set(['data']) }), `{"v": 1, "docs": {"x": [1]}, "data": {"${hex(1)}": [1]}}`);

    expect(stats.unselectedCollections).toEqual(['docs']);
    expect(stats.nonCollectionKeys).toEqual(['v']);
    expect([...stats.collections.keys()]).toEqual(['data']);
  });

  it('fails the stream when the file is not an object of collections', async () => {
    await expect(run(sink(), '[1, 2]')).rejects.toThrow(NotKeyValueStoreError);
  });
});
