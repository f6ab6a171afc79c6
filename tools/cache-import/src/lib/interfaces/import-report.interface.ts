import type { CacheImportError } from '../errors/cache-import.error';
import type { ImportOutcome } from './import-outcome.interface';
import type { ImportStats } from './import-stats.interface';

/** The result of a run that got as far as reading the file. */
export interface ImportReport {
  /** Final counters. */
  stats: ImportStats;
  /** How the run ended. */
  outcome: ImportOutcome;
  /** What stopped the run early, or a `--collection` the file does not have. */
  error?: CacheImportError;
}
