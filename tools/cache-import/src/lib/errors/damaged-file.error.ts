import { EXIT_CODES } from '../cache-import.constants';
import { CacheImportError } from './cache-import.error';

/** The JSON breaks off or turns invalid after some entries were read. */
export class DamagedFileError extends CacheImportError {
  readonly code = 'CACHE_IMPORT_DAMAGED_FILE';
  readonly exitCode = EXIT_CODES.damagedFile;
}
