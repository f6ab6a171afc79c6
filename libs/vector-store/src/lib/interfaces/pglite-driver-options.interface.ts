/** Options of `PGliteDriver.create`. */
export interface PGliteDriverOptions {
  /**
   * Data directory, created if missing and locked against a second process. `undefined` or
   * `'memory://'` keeps the database in memory (lost on close).
   * @default undefined (in memory)
   */
  dataDir?: string;
}
