import type { ExtractedValue, LegacyEntry } from '../interfaces/legacy-entry.interface';
import { EntryClassifier } from './entry-classifier';

const H = 'ab'.repeat(32);

function entry(value: ExtractedValue, key = H, collection = 'data'): LegacyEntry {
  return { collection, key, value };
}

function numbers(values: number[], nonFiniteTokens = false): ExtractedValue {
  return { kind: 'numbers', numbers: values, nonFiniteTokens };
}

describe('EntryClassifier', () => {
  it('accepts a 64-hex key with a finite vector, lowercasing the key', () => {
    const classifier = new EntryClassifier();

    const verdict = classifier.classify(entry(numbers([0.1, -2]), H.toUpperCase()));

    expect(verdict).toEqual({ accepted: true, hash: H, vector: [0.1, -2] });
  });

  it.each([
    ['too short', H.slice(1)],
    ['too long', `${H}0`],
    ['not hex', `${H.slice(1)}g`],
    ['prefixed', `embedding_cache:${H}`],
    ['empty', ''],
    ['unicode', 'ключ'],
  ])('skips a key that is %s as badKey, whatever the value', (_label, key) => {
    expect(new EntryClassifier().classify(entry(numbers([1]), key))).toEqual({ accepted: false, reason: 'badKey' });
  });

  it('skips a non-numeric value and an empty array as notVector', () => {
    const classifier = new EntryClassifier();

    expect(classifier.classify(entry({ kind: 'other' }))).toEqual({ accepted: false, reason: 'notVector' });
    expect(classifier.classify(entry(numbers([])))).toEqual({ accepted: false, reason: 'notVector' });
  });

  it('skips NaN/Infinity tokens and numbers beyond the float32 range as nonFinite', () => {
    const classifier = new EntryClassifier();

    expect(classifier.classify(entry(numbers([1], true)))).toEqual({ accepted: false, reason: 'nonFinite' });
    expect(classifier.classify(entry(numbers([], true)))).toEqual({ accepted: false, reason: 'nonFinite' });
    expect(classifier.classify(entry(numbers([1, Infinity])))).toEqual({ accepted: false, reason: 'nonFinite' });
    expect(classifier.classify(entry(numbers([1, 3.5e38])))).toEqual({ accepted: false, reason: 'nonFinite' });
    expect(classifier.classify(entry(numbers([1, 3.4e38])))).toMatchObject({ accepted: true });
  });

  it('takes the dims of the first accepted vector of each collection and skips others as mixedDims', () => {
    const classifier = new EntryClassifier();

    expect(classifier.classify(entry(numbers([1], true)))).toMatchObject({ accepted: false });
    expect(classifier.classify(entry(numbers([1, 2, 3])))).toMatchObject({ accepted: true });
    expect(classifier.classify(entry(numbers([1, 2])))).toEqual({ accepted: false, reason: 'mixedDims' });
    expect(classifier.classify(entry(numbers([1, 2]), H, 'other'))).toMatchObject({ accepted: true });
    expect(classifier.dimsOf('data')).toBe(3);
    expect(classifier.dimsOf('other')).toBe(2);
  });

  it('uses --dims for every collection when given', () => {
    const classifier = new EntryClassifier(2);

    expect(classifier.classify(entry(numbers([1, 2, 3])))).toEqual({ accepted: false, reason: 'mixedDims' });
    expect(classifier.classify(entry(numbers([1, 2])))).toMatchObject({ accepted: true });
  });
});
