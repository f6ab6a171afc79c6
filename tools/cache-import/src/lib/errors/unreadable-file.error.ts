import { EXIT_CODES } from '../cache-import.constants';
import { CacheImportError } from './cache-import.error';

/** The file cannot be opened or read, or nothing in it is a JSON key-value store. */
export class UnreadableFileError extends CacheImportError {
  readonly code = 'CACHE_IMPORT_UNREADABLE_FILE';
  readonly exitCode = EXIT_CODES.unreadableFile;
}
