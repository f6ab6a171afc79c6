import type { CacheImportError } from '../errors/cache-import.error';

/** The `status:` line of the summary for a run that ended with `error` (or none). */
export function describeStatus(error: CacheImportError | undefined): string {
  if (!error) return 'completed';
  switch (error.code) {
    case 'CACHE_IMPORT_REDIS':
      return 'stopped early: Redis failed (rerun to continue)';
    case 'CACHE_IMPORT_DAMAGED_FILE':
      return 'stopped early: the file is truncated or damaged';
    case 'CACHE_IMPORT_UNREADABLE_FILE':
      return 'stopped: the file is unreadable or not JSON';
    case 'CACHE_IMPORT_INTERRUPTED':
      return 'interrupted (rerun to continue)';
    case 'CACHE_IMPORT_USAGE':
      return 'completed, with a usage error';
    default: {
      const unreachable: never = error.code;
      return String(unreachable);
    }
  }
}
