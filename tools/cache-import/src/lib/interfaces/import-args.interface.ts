/** The parsed command line of `cache:import`. */
export interface ImportArgs {
  /** `--file`: path of the legacy SimpleKVStore JSON file. */
  file: string;
  /** `--collection` (repeatable): collections to import; empty means every collection. */
  collections: string[];
  /** `--dry-run`: read and validate everything, write nothing, do not connect to Redis. */
  dryRun: boolean;
  /** `--overwrite`: replace keys that already exist instead of skipping them. */
  overwrite: boolean;
  /**
   * `--batch-size`: entries per pipelined batch.
   * @default 64
   */
  batchSize: number;
  /** `--dims`: the expected dimension count; by default the first vector of each collection sets it. */
  dims?: number;
  /** `--help`: print the usage and exit 0. */
  help: boolean;
}
