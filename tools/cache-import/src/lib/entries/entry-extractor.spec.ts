import { NotKeyValueStoreError } from '../errors/not-key-value-store.error';
import type { ExtractorListener } from '../interfaces/extractor-listener.interface';
import type { LegacyEntry } from '../interfaces/legacy-entry.interface';
import { tokenize } from '../../../test/support/tokenize';
import { EntryExtractor } from './entry-extractor';

const H = 'a'.repeat(64);

const listener: jest.Mocked<ExtractorListener> = {
  collectionStarted: jest.fn(),
  nonCollectionKey: jest.fn(),
};

async function extract(json: string, selected: string[] | null = null): Promise<LegacyEntry[]> {
  const extractor = new EntryExtractor(selected && new Set(selected), listener);
  const entries: LegacyEntry[] = [];
  for (const token of await tokenize(json)) {
    const entry = extractor.consume(token);
    if (entry) entries.push(entry);
  }
  return entries;
}

describe('EntryExtractor', () => {
  beforeEach(() => jest.clearAllMocks());

  it('reads {"embedding": [...]} values and bare arrays from every collection', async () => {
    const entries = await extract(`{"data": {"${H}": {"embedding": [0.5, -1e-05, 3]}, "k2": [1, 2]}, "other": {"k3": [4]}}`);

    expect(entries).toEqual([
      { collection: 'data', key: H, value: { kind: 'numbers', numbers: [0.5, -1e-5, 3], nonFiniteTokens: false } },
      { collection: 'data', key: 'k2', value: { kind: 'numbers', numbers: [1, 2], nonFiniteTokens: false } },
      { collection: 'other', key: 'k3', value: { kind: 'numbers', numbers: [4], nonFiniteTokens: false } },
    ]);
    expect(listener.collectionStarted.mock.calls).toEqual([
      ['data', true],
      ['other', true],
    ]);
  });

  it('marks arrays holding NaN/Infinity tokens, and reads 1e999 as Infinity', async () => {
    const entries = await extract('{"c": {"a": [1, NaN], "b": {"embedding": [-Infinity, 2]}, "d": [1e999]}}');

    expect(entries.map((e) => e.value)).toEqual([
      { kind: 'numbers', numbers: [1], nonFiniteTokens: true },
      { kind: 'numbers', numbers: [2], nonFiniteTokens: true },
      { kind: 'numbers', numbers: [Infinity], nonFiniteTokens: false },
    ]);
  });

  it.each([
    ['a string', '"text"'],
    ['a number', '42'],
    ['null', 'null'],
    ['an object without embedding', '{"vector": [1, 2]}'],
    ['a non-array embedding', '{"embedding": "1,2"}'],
    ['a nested array', '[[1, 2], [3, 4]]'],
    ['an array with a string', '[1, "2"]'],
    ['an array with null', '[1, null]'],
    ['an array with an object', '[1, {"x": 1}]'],
    ['an embedding under a deeper key', '{"meta": {"embedding": [1, 2]}}'],
  ])('reduces %s to "other"', async (_label, value) => {
    const entries = await extract(`{"c": {"k": ${value}, "after": [7]}}`);

    expect(entries).toEqual([
      { collection: 'c', key: 'k', value: { kind: 'other' } },
      { collection: 'c', key: 'after', value: { kind: 'numbers', numbers: [7], nonFiniteTokens: false } },
    ]);
  });

  it('keeps the embedding when the value object has other properties around it', async () => {
    const entries = await extract('{"c": {"k": {"model": "m", "doc": {"embedding": [9]}, "embedding": [1, 2], "n": 3}}}');

    expect(entries[0].value).toEqual({ kind: 'numbers', numbers: [1, 2], nonFiniteTokens: false });
  });

  it('skips collections left out by --collection and top-level values that are not objects', async () => {
    const entries = await extract('{"version": 2, "docs": {"d": {"text": [1]}}, "list": [1, [2]], "data": {"k": [1]}}', ['data']);

    expect(entries).toEqual([{ collection: 'data', key: 'k', value: { kind: 'numbers', numbers: [1], nonFiniteTokens: false } }]);
    expect(listener.nonCollectionKey.mock.calls).toEqual([['version'], ['list']]);
    expect(listener.collectionStarted.mock.calls).toEqual([
      ['docs', false],
      ['data', true],
    ]);
  });

  it('decodes \\u escapes in keys and collection names', async () => {
    const entries = await extract('{"caf\\u00e9 \\ud83d\\ude00": {"\\u043a\\u043b\\u044e\\u0447": [1]}}');

    expect(entries[0]).toMatchObject({ collection: 'café 😀', key: 'ключ' });
  });

  it('rejects a top-level value that is not an object', async () => {
    const extractor = new EntryExtractor(null, listener);
    const [first] = await tokenize('[1, 2]');

    expect(() => extractor.consume(first)).toThrow(NotKeyValueStoreError);
    expect(() => new EntryExtractor(null, listener).consume({ name: 'stringValue', value: 'x' })).toThrow('a string');
  });

  it('reads an empty store', async () => {
    await expect(extract('{}')).resolves.toEqual([]);
    await expect(extract('{"data": {}}')).resolves.toEqual([]);
  });
});
