import type { ImportStats } from '../interfaces/import-stats.interface';

/** Shows how far the import is. */
export interface ProgressReporter {
  /** Called on a timer with the live counters. */
  update(stats: ImportStats, now: number): void;
  /** Last update; leaves the output on a fresh line. */
  stop(stats: ImportStats, now: number): void;
}
