/** What one pipelined batch did. */
export interface BatchOutcome {
  /** Keys written. */
  written: number;
  /** Keys left alone because they existed (`NX`); always 0 with overwrite. */
  alreadyPresent: number;
}
