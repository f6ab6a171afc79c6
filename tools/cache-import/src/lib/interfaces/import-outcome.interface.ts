/** How a run ended, for the summary. */
export interface ImportOutcome {
  /** `completed`, or what stopped the run early. */
  status: string;
  /** The run was a `--dry-run`. */
  dryRun: boolean;
  /** The run used `--overwrite`. */
  overwrite: boolean;
  /** The `--file` path as given. */
  file: string;
  /** `Date.now()` at the end. */
  finishedAt: number;
  /** Peak resident set size of the process in bytes. */
  peakRssBytes: number;
}
