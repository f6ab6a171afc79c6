/** Stable codes of the import's errors; callers branch on these, never on the message. */
export type CacheImportErrorCode =
  | 'CACHE_IMPORT_USAGE'
  | 'CACHE_IMPORT_UNREADABLE_FILE'
  | 'CACHE_IMPORT_DAMAGED_FILE'
  | 'CACHE_IMPORT_REDIS'
  | 'CACHE_IMPORT_INTERRUPTED';

/** Base of every error of the import tool: a stable `code` and the process exit code it maps to. */
export abstract class CacheImportError extends Error {
  /** Stable machine-readable code. */
  abstract readonly code: CacheImportErrorCode;
  /** Exit code of the process when this error ends the run (see `EXIT_CODES`). */
  abstract readonly exitCode: number;

  constructor(
    message: string,
    /** The underlying error, if any. */
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
