import { pipeline } from 'node:stream/promises';
import { parser } from 'stream-json';
import type { Redis } from 'ioredis';
import { FULL_GC_EVERY_BYTES, TTY_PROGRESS_INTERVAL_MS } from '../cache-import.constants';
import type { CacheImportError } from '../errors/cache-import.error';
import { RedisImportError } from '../errors/redis-import.error';
import { UsageError } from '../errors/usage.error';
import type { CliIo } from '../interfaces/cli-io.interface';
import type { ImportArgs } from '../interfaces/import-args.interface';
import type { ImportReport } from '../interfaces/import-report.interface';
import type { ImportSettings } from '../interfaces/import-settings.interface';
import type { ImportStats } from '../interfaces/import-stats.interface';
import { NonFiniteSanitizer } from '../json/non-finite-sanitizer';
import { createFullGc } from '../memory/create-full-gc.util';
import { createProgressReporter } from '../progress/create-progress-reporter.util';
import { closeImportClient } from '../redis/close-import-client.util';
import { connectImportClient } from '../redis/connect-import-client';
import { RedisBatchWriter } from '../redis/redis-batch-writer';
import { createImportStats } from '../summary/create-import-stats.util';
import { describeStatus } from './describe-status.util';
import { explainFailure } from './explain-failure';
import { ImportSink } from './import-sink';
import { openInput } from './open-input';

/**
 * Streams the file through the sanitiser, stream-json's parser and the import sink into Redis.
 * Failures before reading (file cannot be opened, Redis unreachable) are thrown; failures while
 * reading are returned in the report next to the counters, so that the summary shows how far it got.
 */
export async function importFile(args: ImportArgs, settings: ImportSettings, io: CliIo): Promise<ImportReport> {
  const input = await openInput(args.file);
  let client: Redis | null = null;
  try {
    if (!args.dryRun) client = await connectImportClient(settings);
  } catch (error) {
    await input.handle.close();
    throw error;
  }
  const stats = createImportStats(input.size);
  const sink = new ImportSink({
    stats,
    writer: client && new RedisBatchWriter(client, settings.ttlSeconds, args.overwrite),
    prefix: settings.prefix,
    batchSize: args.batchSize,
    collections: args.collections.length > 0 ? new Set(args.collections) : null,
    dims: args.dims,
    dtype: settings.dtype,
  });
  const file = input.handle.createReadStream();
  const jsonParser = parser({ packValues: true, streamValues: false });
  let fileError: unknown;
  let parseError: unknown;
  file.once('error', (error) => (fileError = error));
  jsonParser.once('error', (error) => (parseError = error));

  const progress = createProgressReporter(io.stderr);
  const fullGc = createFullGc();
  let collectedAt = 0;
  const tick = (): void => {
    stats.bytesRead = file.bytesRead;
    progress.update(stats, Date.now());
    if (fullGc && stats.bytesRead - collectedAt >= FULL_GC_EVERY_BYTES) {
      collectedAt = stats.bytesRead;
      fullGc();
    }
  };
  tick();
  const timer = setInterval(tick, TTY_PROGRESS_INTERVAL_MS);
  let error: CacheImportError | undefined;
  try {
    await pipeline(file, new NonFiniteSanitizer(), jsonParser, sink, { signal: io.signal });
  } catch (cause) {
    let failure = cause;
    // A batch may still be in flight, and its replies belong in the counts.
    await sink.settled();
    if (!(cause instanceof RedisImportError)) {
      try {
        await sink.writePending();
      } catch (redisError) {
        failure = redisError;
      }
    }
    stats.bytesRead = file.bytesRead;
    error = explainFailure(failure, { file: args.file, stats, fileError, parseError, signal: io.signal });
  } finally {
    clearInterval(timer);
    stats.bytesRead = file.bytesRead;
    progress.stop(stats, Date.now());
    if (client) closeImportClient(client);
  }
  error ??= missingCollections(args.collections, stats);
  return {
    stats,
    error,
    outcome: {
      status: describeStatus(error),
      dryRun: args.dryRun,
      overwrite: args.overwrite,
      file: args.file,
      finishedAt: Date.now(),
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    },
  };
}

function missingCollections(requested: readonly string[], stats: ImportStats): UsageError | undefined {
  const missing = requested.filter((name) => !stats.collections.has(name));
  if (missing.length === 0) return undefined;
  const present = [...stats.collections.keys(), ...stats.unselectedCollections].map((name) => JSON.stringify(name));
  return new UsageError(
    `--collection ${missing.map((name) => JSON.stringify(name)).join(', ')} is not in the file; ` +
      `its collections are: ${present.join(', ') || 'none'}`,
    false,
  );
}
