import { formatCount } from '../format/format-count.util';
import { CacheImportError } from '../errors/cache-import.error';
import { DamagedFileError } from '../errors/damaged-file.error';
import { ImportInterruptedError } from '../errors/import-interrupted.error';
import { NotKeyValueStoreError } from '../errors/not-key-value-store.error';
import { RedisImportError } from '../errors/redis-import.error';
import { UnreadableFileError } from '../errors/unreadable-file.error';
import type { ImportStats } from '../interfaces/import-stats.interface';

/** Where the failure happened, to tell the errors of the file stream and the parser apart. */
export interface FailureContext {
  /** The `--file` path. */
  file: string;
  /** Counters at the moment of the failure. */
  stats: ImportStats;
  /** The error the file stream emitted, if any. */
  fileError?: unknown;
  /** The error the JSON parser emitted, if any. */
  parseError?: unknown;
  /** The abort signal of SIGINT/SIGTERM; its reason is the signal name. */
  signal?: AbortSignal;
}

/**
 * Turns whatever stopped the pipeline into the error the operator sees: what happened, how far
 * the import got, and whether a rerun continues. Rethrows errors it does not know (bugs).
 */
export function explainFailure(cause: unknown, context: FailureContext): CacheImportError {
  const { file, stats } = context;
  const position = `byte ${formatCount(stats.bytesRead)} of ${formatCount(stats.totalBytes)} (${percent(stats)})`;
  const progress = `${formatCount(stats.entriesRead)} entries read, ${formatCount(stats.imported)} imported`;
  if (context.signal?.aborted) {
    const signal = String(context.signal.reason);
    return new ImportInterruptedError(
      `stopped by ${signal} at ${position}: ${progress}. Rerun the same command to continue; keys already written are skipped`,
      signal,
    );
  }
  if (cause instanceof RedisImportError) {
    return new RedisImportError(
      `${cause.message.replace(/\.$/, '')}. Stopped at ${position}: ${progress}. Keys already written are kept and skipped on the next run: ` +
        'rerun the same command once Redis is back to continue',
      cause,
    );
  }
  if (cause instanceof NotKeyValueStoreError) {
    return new UnreadableFileError(`--file ${file} is not a SimpleKVStore file: ${cause.message}`, cause);
  }
  if (cause instanceof CacheImportError) return cause;
  if (cause === context.fileError) {
    return new UnreadableFileError(`cannot read --file ${file}: ${(cause as Error).message} at ${position}`, cause);
  }
  if (cause === context.parseError) {
    const reason = (cause as Error).message;
    if (stats.entriesRead === 0) {
      return new UnreadableFileError(`--file ${file} is not JSON: ${reason} (no entry could be read)`, cause);
    }
    return new DamagedFileError(
      `--file ${file} is truncated or damaged: ${reason}. Reading stopped at ${position} after ${progress}; ` +
        `last complete entry ${stats.lastEntry}. The entries before it were processed; repair or re-export the file ` +
        'and rerun to import the rest',
      cause,
    );
  }
  throw cause;
}

function percent(stats: ImportStats): string {
  return stats.totalBytes > 0 ? `${((stats.bytesRead / stats.totalBytes) * 100).toFixed(1)}%` : '100.0%';
}
