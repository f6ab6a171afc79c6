import { SingleBar } from 'cli-progress';
import type { ImportStats } from '../interfaces/import-stats.interface';
import type { ProgressReporter } from './progress-reporter.interface';
import { progressSnapshot } from './progress-snapshot.util';

const FORMAT =
  '{bar} {percentage}% | {read} of {size} | {entries} entries ({imported} imported) | {entriesPerSecond} entries/s | {bytesPerSecond} | ETA {eta_formatted}';

/** A redrawn progress bar on a terminal, driven by bytes read so that the ETA is meaningful. */
export class BarProgressReporter implements ProgressReporter {
  private readonly bar: SingleBar;
  private started = false;

  constructor(out: NodeJS.WritableStream) {
    this.bar = new SingleBar({ format: FORMAT, stream: out, hideCursor: true, barsize: 24, etaBuffer: 50 });
  }

  update(stats: ImportStats, now: number): void {
    const payload = progressSnapshot(stats, now);
    if (!this.started) {
      this.bar.start(Math.max(stats.totalBytes, 1), stats.bytesRead, payload);
      this.started = true;
    } else {
      this.bar.update(stats.bytesRead, payload);
    }
  }

  stop(stats: ImportStats, now: number): void {
    this.update(stats, now);
    this.bar.stop();
  }
}
