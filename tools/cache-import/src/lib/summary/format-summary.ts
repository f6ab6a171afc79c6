import { SKIP_REASONS, SKIP_REASON_LABELS } from '../cache-import.constants';
import { formatBytes } from '../format/format-bytes.util';
import { formatCount } from '../format/format-count.util';
import type { ImportOutcome } from '../interfaces/import-outcome.interface';
import type { ImportStats } from '../interfaces/import-stats.interface';

/** Longest list of collection names printed before "… and N more". */
const MAX_LISTED = 20;

/**
 * The end-of-run summary: what was imported, what was already there, what was skipped and why,
 * how long it took. Labels are stable (`imported:`, `already present:`, `bad key:` …) so that
 * scripts can read them; counts use `,` as thousands separator.
 */
export function formatSummary(stats: ImportStats, outcome: ImportOutcome): string {
  const seconds = Math.max((outcome.finishedAt - stats.startedAt) / 1000, 0.001);
  const percent = stats.totalBytes > 0 ? ((stats.bytesRead / stats.totalBytes) * 100).toFixed(1) : '100.0';
  const skipped = SKIP_REASONS.reduce((sum, reason) => sum + stats.skipped[reason], 0);
  const rows: Array<[string, string]> = [
    ['status', outcome.status],
    ['file', `${outcome.file} (${formatBytes(stats.totalBytes)}; read ${formatBytes(stats.bytesRead)}, ${percent}%)`],
    ['collections', listCollections(stats)],
  ];
  if (stats.unselectedCollections.length > 0) rows.push(['not selected', listNames(stats.unselectedCollections)]);
  if (stats.nonCollectionKeys.length > 0) rows.push(['not collections', listNames(stats.nonCollectionKeys)]);
  rows.push(
    [outcome.dryRun ? 'would import' : 'imported', formatCount(stats.imported)],
    ['already present', alreadyPresent(stats, outcome)],
    ['skipped', formatCount(skipped)],
    ...SKIP_REASONS.map((reason): [string, string] => [`  ${SKIP_REASON_LABELS[reason]}`, formatCount(stats.skipped[reason])]),
    [
      'elapsed',
      `${seconds.toFixed(1)} s (${formatCount(stats.entriesRead / seconds)} entries/s, ${formatBytes(stats.bytesRead / seconds)}/s)`,
    ],
    ['peak RSS', formatBytes(outcome.peakRssBytes)],
  );
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const title = outcome.dryRun ? 'cache:import summary (dry run: nothing was written)' : 'cache:import summary';
  return [title, ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(width)}${value}`)].join('\n') + '\n';
}

function alreadyPresent(stats: ImportStats, outcome: ImportOutcome): string {
  if (outcome.dryRun) return 'not checked (--dry-run)';
  if (outcome.overwrite) return 'not checked (--overwrite replaces existing keys)';
  return formatCount(stats.alreadyPresent);
}

function listCollections(stats: ImportStats): string {
  if (stats.collections.size === 0) return 'none';
  const parts = [...stats.collections].map(([name, { entries, dims }]) => {
    const shape = dims === undefined ? '' : `, ${dims} dims`;
    return `${JSON.stringify(name)} (${formatCount(entries)} entries${shape})`;
  });
  return listNames(parts, false);
}

function listNames(names: readonly string[], quote = true): string {
  const shown = names.slice(0, MAX_LISTED).map((name) => (quote ? JSON.stringify(name) : name));
  const more = names.length > MAX_LISTED ? `, … and ${names.length - MAX_LISTED} more` : '';
  return shown.join(', ') + more;
}
