import { CacheImportError } from './cache-import.error';

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGINT: 2, SIGTERM: 15 };

/** The run was stopped by a signal after the batch in flight finished. Exit code 128 + signal number. */
export class ImportInterruptedError extends CacheImportError {
  readonly code = 'CACHE_IMPORT_INTERRUPTED';
  readonly exitCode: number;

  constructor(
    message: string,
    /** The signal that stopped the run, e.g. `SIGINT`. */
    readonly signal: string,
  ) {
    super(message);
    this.exitCode = 128 + (SIGNAL_NUMBERS[signal] ?? SIGNAL_NUMBERS['SIGINT']);
  }
}
