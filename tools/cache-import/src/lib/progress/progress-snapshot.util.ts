import { formatBytes } from '../format/format-bytes.util';
import { formatCount } from '../format/format-count.util';
import type { ImportStats } from '../interfaces/import-stats.interface';

/** The figures both progress displays show, already formatted. */
export interface ProgressSnapshot {
  percent: string;
  read: string;
  size: string;
  entries: string;
  imported: string;
  entriesPerSecond: string;
  bytesPerSecond: string;
}

/** Formats the live counters at time `now`. */
export function progressSnapshot(stats: ImportStats, now: number): ProgressSnapshot {
  const seconds = Math.max((now - stats.startedAt) / 1000, 0.001);
  const fraction = stats.totalBytes > 0 ? stats.bytesRead / stats.totalBytes : 1;
  return {
    percent: `${(fraction * 100).toFixed(1)}%`,
    read: formatBytes(stats.bytesRead),
    size: formatBytes(stats.totalBytes),
    entries: formatCount(stats.entriesRead),
    imported: formatCount(stats.imported),
    entriesPerSecond: formatCount(stats.entriesRead / seconds),
    bytesPerSecond: `${formatBytes(stats.bytesRead / seconds)}/s`,
  };
}
