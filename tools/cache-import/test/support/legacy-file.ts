import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pyDumps, pyFloatRepr, pyString } from './python-json';
import type { PyValue } from './python-json';

/** A (model, text) the legacy cache stored, with its key and vector. */
export interface LegacyVector {
  collection: string;
  model: string;
  text: string;
  /** The legacy key: sha256 hex of `model::text`, as it appears in the file. */
  key: string;
  vector: number[];
}

/** Skip counts by reason, as the summary prints them. */
export interface SkipCounts {
  'bad key': number;
  'not a vector': number;
  'NaN/Infinity': number;
  'mixed dims': number;
}

/** A small legacy file with every kind of entry. */
export interface LegacyFixture {
  /** The file content, in Python `json.dumps` form. */
  json: string;
  /** The entries that must be imported. */
  valid: LegacyVector[];
  /** What must be skipped, by reason. */
  skipped: SkipCounts;
  /** Entries in the file, valid or not. */
  entries: number;
  /** Collection names in file order. */
  collections: string[];
}

/** sha256 hex of `model::text`: the key of the legacy file cache and of the Redis cache. */
export function legacyKey(model: string, text: string): string {
  return createHash('sha256').update(`${model}::${text}`, 'utf8').digest('hex');
}

const OPENAI = 'text-embedding-3-small';
const LOCAL = 'local-hash-v1';

const TEXTS = [
  'hello world',
  'café au lait',
  'naïve résumé — “smart quotes”',
  '😀 emoji and 𝄞 clef',
  '日本語のテキスト',
  'line\nbreak\ttab "quoted" \\ backslash',
  '',
  '  leading and trailing  ',
  'control \u0001 and DEL \u007f',
  'x'.repeat(2_000),
];

/** Float values whose Python repr takes every form: exponents, `-0.0`, `1.0`, the float32 edge. */
const TRICKY = [0.1, -1e-5, 1e16, -0, 1, 123.456, 3.4e38, 2.5e-300];

function vector(seed: number, dims: number): number[] {
  return Array.from({ length: dims }, (_, j) => Math.sin(seed * 31 + j) * 0.05);
}

/**
 * The small fixture: collection `data` (8-dim OpenAI vectors as `{"embedding": [...]}` and bare
 * arrays, plus every kind of bad entry), `embeddings/local` (4-dim vectors: dims are per
 * collection) and two docstore collections beside them whose entries are no vectors.
 */
export function buildLegacyFixture(): LegacyFixture {
  const valid: LegacyVector[] = [];
  const data = new Map<string, PyValue>();
  const add = (collection: Map<string, PyValue>, key: string, value: PyValue): void => {
    collection.set(key, value);
  };
  const hashOf = (i: number): string => legacyKey(OPENAI, `spare ${i}`);

  // A NaN vector first: a skipped entry must not set the collection's dims.
  add(data, hashOf(1), Array.from({ length: 8 }, () => NaN));
  TEXTS.forEach((text, i) => {
    const entry = { collection: 'data', model: OPENAI, text, key: legacyKey(OPENAI, text), vector: i === 0 ? TRICKY : vector(i, 8) };
    valid.push(entry);
    add(data, entry.key, i % 4 === 3 ? entry.vector : new Map([['embedding', entry.vector]]));
  });
  const upper = { collection: 'data', model: OPENAI, text: 'UPPER CASE KEY', key: legacyKey(OPENAI, 'UPPER CASE KEY'), vector: vector(99, 8) };
  valid.push(upper);
  add(data, upper.key.toUpperCase(), new Map([['embedding', upper.vector]]));

  add(data, 'not-a-hash', vector(1, 8));
  add(data, hashOf(2).slice(1), vector(2, 8));
  add(data, 'ключ', vector(3, 8));
  add(data, `embedding_cache:${hashOf(3)}`, vector(4, 8));

  add(data, hashOf(10), new Map([['embedding', '0.1,0.2']]));
  add(data, hashOf(11), new Map([['text', 'Zürich']]));
  add(data, hashOf(12), [vector(5, 4), vector(6, 4)]);
  add(data, hashOf(13), []);
  add(data, hashOf(14), [0.1, null]);
  add(data, hashOf(15), 'a string');
  add(data, hashOf(16), new Map<string, PyValue>([['embedding', [0.1, '0.2']]]));

  add(data, hashOf(20), new Map([['embedding', [0.1, Infinity, ...vector(7, 6)]]]));
  add(data, hashOf(21), [-Infinity, ...vector(8, 7)]);
  add(data, hashOf(22), [1e39, ...vector(9, 7)]);

  add(data, hashOf(30), vector(10, 7));
  add(data, hashOf(31), new Map([['embedding', vector(11, 9)]]));

  const local = new Map<string, PyValue>();
  for (const text of ['local one', 'local two ✓', 'local three']) {
    const entry = { collection: 'embeddings/local', model: LOCAL, text, key: legacyKey(LOCAL, text), vector: vector(text.length, 4) };
    valid.push(entry);
    add(local, entry.key, new Map([['embedding', entry.vector]]));
  }

  const metadata = new Map<string, PyValue>([
    ['6f1c2a4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f', new Map<string, PyValue>([['doc_hash', 'abc'], ['text', 'Zürich 😀']])],
    ['doc-2', new Map<string, PyValue>([['text', 'Ελληνικά']])],
    ['doc-3', null],
  ]);
  const refs = new Map<string, PyValue>([
    [legacyKey('doc', '1'), new Map<string, PyValue>([['node_ids', ['n1', 'n2']], ['metadata', new Map()]])],
    [legacyKey('doc', '2'), new Map<string, PyValue>([['node_ids', []]])],
  ]);

  const collections = new Map<string, PyValue>([
    ['data', data],
    ['embeddings/local', local],
    ['docstore/metadata', metadata],
    ['docstore/ref_doc_info', refs],
  ]);
  return {
    json: pyDumps(collections),
    valid,
    skipped: { 'bad key': 4 + 3, 'not a vector': 7 + 2, 'NaN/Infinity': 4, 'mixed dims': 2 },
    entries: data.size + local.size + metadata.size + refs.size,
    collections: [...collections.keys()],
  };
}

/** Options of `writeLegacyFile`. */
export interface LargeFileOptions {
  /** Write entries until the file has at least this many bytes. */
  minBytes: number;
  /** Vector length. */
  dims: number;
  /** Model the legacy keys were hashed with. */
  model?: string;
}

/** What `writeLegacyFile` wrote. */
export interface LargeFile {
  bytes: number;
  entries: number;
  /** The first, a middle and the last entry, to read back. */
  samples: LegacyVector[];
}

const POOL_SIZE = 4099;

/**
 * Streams a large legacy file in Python `json.dumps` form: collection `data` with
 * `{"embedding": [...]}` entries keyed by sha256(model::`legacy text #i`), then a small docstore
 * collection. Vectors come from a pool of pre-rendered float32 values, so generation runs at
 * disk speed, and every entry's vector can be rebuilt from its index.
 */
export async function writeLegacyFile(path: string, options: LargeFileOptions): Promise<LargeFile> {
  const model = options.model ?? OPENAI;
  const pool = Array.from({ length: POOL_SIZE }, (_, i) => Math.fround(Math.sin(i * 12.9898) * 0.08));
  const rendered = pool.map(pyFloatRepr);
  const valuesOf = (i: number): number[] => Array.from({ length: options.dims }, (_, j) => pool[(i * 7919 + j) % POOL_SIZE]);
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{"data": {');
  let entries = 0;
  while (bytes < options.minBytes) {
    const key = legacyKey(model, `legacy text #${entries}`);
    const parts = new Array<string>(options.dims);
    for (let j = 0; j < options.dims; j += 1) parts[j] = rendered[(entries * 7919 + j) % POOL_SIZE];
    await write(`${entries === 0 ? '' : ', '}${pyString(key)}: {"embedding": [${parts.join(', ')}]}`);
    entries += 1;
  }
  await write(`}, "docstore/metadata": {"doc-1": {"text": ${pyString('Zürich 😀')}}}}`);
  out.end();
  await once(out, 'finish');
  const sample = (i: number): LegacyVector => ({
    collection: 'data',
    model,
    text: `legacy text #${i}`,
    key: legacyKey(model, `legacy text #${i}`),
    vector: valuesOf(i),
  });
  return { bytes, entries, samples: [sample(0), sample(Math.floor(entries / 2)), sample(entries - 1)] };
}
