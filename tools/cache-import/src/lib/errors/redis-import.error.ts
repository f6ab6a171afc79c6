import { EXIT_CODES } from '../cache-import.constants';
import { CacheImportError } from './cache-import.error';

/** Redis could not be reached, went away, or refused a write. */
export class RedisImportError extends CacheImportError {
  readonly code = 'CACHE_IMPORT_REDIS';
  readonly exitCode = EXIT_CODES.redis;
}
