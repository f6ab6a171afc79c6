import { EXIT_CODES } from '../cache-import.constants';
import { CacheImportError } from './cache-import.error';

/** A bad or missing flag, or an invalid environment variable. `showUsage` adds the usage text. */
export class UsageError extends CacheImportError {
  readonly code = 'CACHE_IMPORT_USAGE';
  readonly exitCode = EXIT_CODES.usage;

  constructor(
    message: string,
    readonly showUsage = true,
    cause?: unknown,
  ) {
    super(message, cause);
  }
}
