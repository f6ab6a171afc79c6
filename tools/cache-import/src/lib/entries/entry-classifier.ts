import { LEGACY_KEY_PATTERN } from '../cache-import.constants';
import type { LegacyEntry } from '../interfaces/legacy-entry.interface';
import type { SkipReason } from '../interfaces/skip-reason.interface';
import { detachString } from '../utils/detach-string.util';

/** The verdict on one entry. */
export type Classification =
  | { accepted: true; /** lowercase hex sha256 */ hash: string; /** the vector, every element finite in float32 */ vector: number[] }
  | { accepted: false; reason: SkipReason };

/**
 * Decides whether an entry can be imported. Checks run in a fixed order, so each skipped entry is
 * counted under one reason: key shape, then vector shape, then finiteness, then dimension count.
 * The dimension count is `--dims`, or else the length of the first accepted vector of the entry's
 * collection.
 */
export class EntryClassifier {
  private readonly dimsByCollection = new Map<string, number>();

  /** @param fixedDims the `--dims` flag, if given */
  constructor(private readonly fixedDims?: number) {}

  /** The dimension count in use for `collection`, once known. */
  dimsOf(collection: string): number | undefined {
    return this.fixedDims ?? this.dimsByCollection.get(collection);
  }

  /** Classifies one entry, remembering the first accepted dimension count of its collection. */
  classify(entry: LegacyEntry): Classification {
    if (!LEGACY_KEY_PATTERN.test(entry.key)) return { accepted: false, reason: 'badKey' };
    const { value } = entry;
    if (value.kind !== 'numbers' || (value.numbers.length === 0 && !value.nonFiniteTokens)) {
      return { accepted: false, reason: 'notVector' };
    }
    if (value.nonFiniteTokens) return { accepted: false, reason: 'nonFinite' };
    const vector = value.numbers;
    for (let i = 0; i < vector.length; i += 1) {
      // Finite numbers beyond ±3.4e38 would be stored as ±Infinity in float32.
      if (!Number.isFinite(Math.fround(vector[i]))) return { accepted: false, reason: 'nonFinite' };
    }
    const expected = this.dimsOf(entry.collection);
    if (expected === undefined) this.dimsByCollection.set(entry.collection, vector.length);
    else if (expected !== vector.length) return { accepted: false, reason: 'mixedDims' };
    return { accepted: true, hash: detachString(entry.key).toLowerCase(), vector };
  }
}
