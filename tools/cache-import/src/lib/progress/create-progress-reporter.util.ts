import { BarProgressReporter } from './bar-progress-reporter';
import { LineProgressReporter } from './line-progress-reporter';
import type { ProgressReporter } from './progress-reporter.interface';

/** A redrawn bar when `out` is a terminal, plain lines otherwise. */
export function createProgressReporter(out: NodeJS.WritableStream & { isTTY?: boolean }): ProgressReporter {
  return out.isTTY ? new BarProgressReporter(out) : new LineProgressReporter(out);
}
