import type { ImportStats } from '../interfaces/import-stats.interface';

/** Fresh counters for a file of `totalBytes` bytes. */
export function createImportStats(totalBytes: number, startedAt = Date.now()): ImportStats {
  return {
    totalBytes,
    bytesRead: 0,
    entriesRead: 0,
    imported: 0,
    alreadyPresent: 0,
    skipped: { badKey: 0, notVector: 0, nonFinite: 0, mixedDims: 0 },
    collections: new Map(),
    unselectedCollections: [],
    nonCollectionKeys: [],
    startedAt,
  };
}
