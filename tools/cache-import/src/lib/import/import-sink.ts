import { Writable } from 'node:stream';
import { encodeVector } from '@rag/embedding-cache';
import { MAX_BATCH_BYTES } from '../cache-import.constants';
import { EntryClassifier } from '../entries/entry-classifier';
import { EntryExtractor } from '../entries/entry-extractor';
import type { BatchOutcome } from '../interfaces/batch-outcome.interface';
import type { ExtractorListener } from '../interfaces/extractor-listener.interface';
import type { VectorDtype } from '../interfaces/import-settings.interface';
import type { ImportStats } from '../interfaces/import-stats.interface';
import type { JsonToken } from '../interfaces/json-token.interface';
import type { LegacyEntry } from '../interfaces/legacy-entry.interface';
import type { PreparedEntry } from '../interfaces/prepared-entry.interface';
import type { RedisBatchWriter } from '../redis/redis-batch-writer';
import { detachString } from '../utils/detach-string.util';

/** Options of `ImportSink`. */
export interface ImportSinkOptions {
  /** Counters to update. */
  stats: ImportStats;
  /** Where batches go; `null` for a dry run (valid entries are only counted). */
  writer: RedisBatchWriter | null;
  /** Key prefix, e.g. `embedding_cache`. */
  prefix: string;
  /** Entries per batch. */
  batchSize: number;
  /** Collections to read (`--collection`); `null` for every collection. */
  collections: ReadonlySet<string> | null;
  /** `--dims`, if given. */
  dims?: number;
  /**
   * Element type of the written values.
   * @default 'float32'
   */
  dtype?: VectorDtype;
  /**
   * A batch is also sent once its values reach this many bytes.
   * @default MAX_BATCH_BYTES (256 KiB)
   */
  maxBatchBytes?: number;
}

/**
 * The end of the import pipeline: takes parser tokens, turns them into entries, counts and
 * batches them, and writes each full batch before accepting the next token. Holding the write
 * callback while a batch is in flight is the back-pressure: the parser, the sanitiser and the
 * file stream pause behind it, so memory stays bounded by one batch and a few stream buffers.
 */
export class ImportSink extends Writable implements ExtractorListener {
  private readonly extractor: EntryExtractor;
  private readonly classifier: EntryClassifier;
  private readonly maxBatchBytes: number;
  private batch: PreparedEntry[] = [];
  private batchBytes = 0;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly options: ImportSinkOptions) {
    // A small token buffer: the parser pushes a whole 64 KiB chunk's tokens at once anyway.
    super({ objectMode: true, highWaterMark: 256 });
    this.extractor = new EntryExtractor(options.collections, this);
    this.classifier = new EntryClassifier(options.dims);
    this.maxBatchBytes = options.maxBatchBytes ?? MAX_BATCH_BYTES;
  }

  /** Resolves once no batch is being written (never rejects); used before exiting on a failure. */
  settled(): Promise<void> {
    return this.inFlight.catch(() => undefined);
  }

  /**
   * Writes the entries batched so far. After the input failed (a truncated file, SIGINT) the
   * stream is destroyed without `_final`; the entries read before the damage are valid and belong
   * in Redis. Rejects with `RedisImportError` if Redis fails.
   */
  async writePending(): Promise<void> {
    await this.settled();
    await this.flush();
  }

  collectionStarted(name: string, selected: boolean): void {
    if (selected) this.options.stats.collections.set(detachString(name), { entries: 0 });
    else this.options.stats.unselectedCollections.push(detachString(name));
  }

  nonCollectionKey(name: string): void {
    this.options.stats.nonCollectionKeys.push(detachString(name));
  }

  override _write(token: JsonToken, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    let entry: LegacyEntry | null;
    try {
      entry = this.extractor.consume(token);
    } catch (error) {
      callback(error as Error);
      return;
    }
    if (entry === null || !this.accept(entry)) {
      callback();
      return;
    }
    if (this.batch.length >= this.options.batchSize || this.batchBytes >= this.maxBatchBytes) {
      this.flush().then(() => callback(), callback);
    } else {
      callback();
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush().then(() => callback(), callback);
  }

  /** Counts the entry; returns whether it was added to the batch. */
  private accept(entry: LegacyEntry): boolean {
    const { stats } = this.options;
    stats.entriesRead += 1;
    stats.lastEntry = `${JSON.stringify(entry.collection)}/${JSON.stringify(entry.key)}`;
    const collection = stats.collections.get(entry.collection);
    if (collection) collection.entries += 1;
    const verdict = this.classifier.classify(entry);
    if (!verdict.accepted) {
      stats.skipped[verdict.reason] += 1;
      return false;
    }
    if (collection && collection.dims === undefined) collection.dims = verdict.vector.length;
    if (this.options.writer === null) {
      stats.imported += 1;
      return false;
    }
    const value = encodeVector(verdict.vector, this.options.dtype);
    this.batch.push({ key: `${this.options.prefix}:${verdict.hash}`, value });
    this.batchBytes += value.length;
    return true;
  }

  private flush(): Promise<void> {
    const { writer } = this.options;
    if (writer === null || this.batch.length === 0) return Promise.resolve();
    const record = (outcome: BatchOutcome): void => {
      this.options.stats.imported += outcome.written;
      this.options.stats.alreadyPresent += outcome.alreadyPresent;
    };
    const batch = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    this.inFlight = writer.write(batch, record).then(record);
    return this.inFlight;
  }
}
