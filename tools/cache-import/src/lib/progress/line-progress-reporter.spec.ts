import { createImportStats } from '../summary/create-import-stats.util';
import { LineProgressReporter } from './line-progress-reporter';

const out = { write: jest.fn() };

describe('LineProgressReporter', () => {
  beforeEach(() => jest.clearAllMocks());

  it('prints at the first update, then at most once per interval, and always at stop', () => {
    const stats = createImportStats(10 * 1024 * 1024, 0);
    const reporter = new LineProgressReporter(out as unknown as NodeJS.WritableStream, 5_000);

    reporter.update(stats, 0);
    stats.bytesRead = 5 * 1024 * 1024;
    stats.entriesRead = 1500;
    stats.imported = 1400;
    reporter.update(stats, 2_000);
    reporter.update(stats, 5_000);
    stats.bytesRead = 10 * 1024 * 1024;
    reporter.stop(stats, 5_100);

    expect(out.write.mock.calls.map(([line]) => line)).toEqual([
      'progress 0.0% | 0 B of 10.0 MiB read | 0 entries (0 imported) | 0 entries/s | 0 B/s\n',
      'progress 50.0% | 5.0 MiB of 10.0 MiB read | 1,500 entries (1,400 imported) | 300 entries/s | 1.0 MiB/s\n',
      'progress 100.0% | 10.0 MiB of 10.0 MiB read | 1,500 entries (1,400 imported) | 294 entries/s | 2.0 MiB/s\n',
    ]);
  });
});
