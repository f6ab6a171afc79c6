import { LINE_PROGRESS_INTERVAL_MS } from '../cache-import.constants';
import type { ImportStats } from '../interfaces/import-stats.interface';
import type { ProgressReporter } from './progress-reporter.interface';
import { progressSnapshot } from './progress-snapshot.util';

/**
 * Progress as plain lines, for logs and CI where a redrawn bar would become thousands of lines:
 * one at the first update, then at most one per `intervalMs`, and one at the end.
 */
export class LineProgressReporter implements ProgressReporter {
  private lastPrintedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly intervalMs = LINE_PROGRESS_INTERVAL_MS,
  ) {}

  update(stats: ImportStats, now: number): void {
    if (now - this.lastPrintedAt < this.intervalMs) return;
    this.print(stats, now);
  }

  stop(stats: ImportStats, now: number): void {
    this.print(stats, now);
  }

  private print(stats: ImportStats, now: number): void {
    this.lastPrintedAt = now;
    const s = progressSnapshot(stats, now);
    this.out.write(
      `progress ${s.percent} | ${s.read} of ${s.size} read | ${s.entries} entries (${s.imported} imported) | ` +
        `${s.entriesPerSecond} entries/s | ${s.bytesPerSecond}\n`,
    );
  }
}
