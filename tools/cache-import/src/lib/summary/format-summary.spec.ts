import type { ImportOutcome } from '../interfaces/import-outcome.interface';
import { createImportStats } from './create-import-stats.util';
import { formatSummary } from './format-summary';

const outcome: ImportOutcome = {
  status: 'completed',
  dryRun: false,
  overwrite: false,
  file: '/data/cache.json',
  finishedAt: 2_000,
  peakRssBytes: 150 * 1024 * 1024,
};

function stats() {
  const s = createImportStats(2 * 1024 * 1024, 0);
  s.bytesRead = 2 * 1024 * 1024;
  s.entriesRead = 1234;
  s.imported = 1000;
  s.alreadyPresent = 200;
  s.skipped = { badKey: 1, notVector: 30, nonFinite: 2, mixedDims: 1 };
  s.collections.set('data', { entries: 1230, dims: 1536 });
  s.collections.set('docstore/metadata', { entries: 4 });
  return s;
}

describe('formatSummary', () => {
  it('lists imported, already present, skipped by reason, elapsed time and peak RSS', () => {
    expect(formatSummary(stats(), outcome)).toBe(
      [
        'cache:import summary',
        '  status:          completed',
        '  file:            /data/cache.json (2.0 MiB; read 2.0 MiB, 100.0%)',
        '  collections:     "data" (1,230 entries, 1536 dims), "docstore/metadata" (4 entries)',
        '  imported:        1,000',
        '  already present: 200',
        '  skipped:         34',
        '    bad key:       1',
        '    not a vector:  30',
        '    NaN/Infinity:  2',
        '    mixed dims:    1',
        '  elapsed:         2.0 s (617 entries/s, 1.0 MiB/s)',
        '  peak RSS:        150.0 MiB',
        '',
      ].join('\n'),
    );
  });

  it('says what a dry run would do and lists collections left out', () => {
    const s = stats();
    s.unselectedCollections.push('other');
    s.nonCollectionKeys.push('version');

    const text = formatSummary(s, { ...outcome, dryRun: true });

    expect(text).toMatch(/^cache:import summary \(dry run: nothing was written\)$/m);
    expect(text).toMatch(/^ {2}would import: +1,000$/m);
    expect(text).toMatch(/^ {2}already present: +not checked \(--dry-run\)$/m);
    expect(text).toMatch(/^ {2}not selected: +"other"$/m);
    expect(text).toMatch(/^ {2}not collections: +"version"$/m);
  });

  it('does not claim to know what existed with --overwrite', () => {
    expect(formatSummary(stats(), { ...outcome, overwrite: true })).toMatch(/already present: +not checked \(--overwrite/);
  });

  it('shortens long collection lists', () => {
    const s = stats();
    for (let i = 0; i < 30; i += 1) s.unselectedCollections.push(`c${i}`);

    expect(formatSummary(s, outcome)).toMatch(/"c19", … and 10 more$/m);
  });
});
