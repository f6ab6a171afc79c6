import type { SkipReason } from './skip-reason.interface';

/** Counters of one import run; the summary and the progress output read them. */
export interface ImportStats {
  /** Size of the file in bytes. */
  totalBytes: number;
  /** Bytes read from the file so far. */
  bytesRead: number;
  /** Entries seen in the scanned collections (imported, present or skipped). */
  entriesRead: number;
  /** Entries written to Redis (with `--dry-run`: entries that would be written). */
  imported: number;
  /** Entries whose key already existed (never counted with `--overwrite` or `--dry-run`). */
  alreadyPresent: number;
  /** Skipped entries by reason. */
  skipped: Record<SkipReason, number>;
  /** Scanned collections in file order: entries seen and the vector dimension count in use. */
  collections: Map<string, { entries: number; dims?: number }>;
  /** Collections left out by `--collection`. */
  unselectedCollections: string[];
  /** Top-level keys whose value is not an object, so they cannot be collections. */
  nonCollectionKeys: string[];
  /** The last entry read, as `<collection>/<key>`, to locate damage in the file. */
  lastEntry?: string;
  /** `Date.now()` at the start. */
  startedAt: number;
}
