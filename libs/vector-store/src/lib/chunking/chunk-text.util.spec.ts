import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { chunkSpans } from './chunk-spans.util';
import { chunkText } from './chunk-text.util';

/** Deterministic PRNG (mulberry32) so the generated texts are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateText(seed: number): string {
  const next = random(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const word = () => (next() < 0.02 ? 'x'.repeat(int(50, 1500)) : 'abcdefghij'.slice(0, int(1, 10)));
  const sentence = () => Array.from({ length: int(1, 40) }, word).join(next() < 0.1 ? '\n' : ' ') + (next() < 0.8 ? '. ' : '! ');
  const paragraph = () => Array.from({ length: int(1, 12) }, sentence).join('');
  return Array.from({ length: int(1, 15) }, paragraph).join(next() < 0.5 ? '\n\n' : '\n \n\n');
}

const sentence = (n: number, length = 60) => `Sentence ${n} ${'w'.repeat(length - 12 - String(n).length)}.`;

describe('chunkText', () => {
  it('returns no chunks for empty or whitespace-only text', () => {
    expect(chunkText('')).toEqual([]);
    expect(chunkText(' \n\n\t ')).toEqual([]);
  });

  it('returns a short text as one trimmed chunk', () => {
    expect(chunkText('  Hello world.\n')).toEqual(['Hello world.']);
  });

  it('defaults to chunkSize 1000 and chunkOverlap 200', () => {
    const text = Array.from({ length: 40 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkText(text);
    expect(chunks.every((chunk) => chunk.length <= 1000)).toBe(true);
    expect(chunks.length).toBe(3);
    expect(chunkText(text, { chunkSize: 1000, chunkOverlap: 200 })).toEqual(chunks);
  });

  it('splits by paragraphs first, keeping paragraphs whole when they fit', () => {
    const paragraphs = ['A'.repeat(400), 'B'.repeat(400), 'C'.repeat(400)];
    expect(chunkText(paragraphs.join('\n\n'), { chunkSize: 1000, chunkOverlap: 0 })).toEqual([
      `${paragraphs[0]}\n\n${paragraphs[1]}`,
      paragraphs[2],
    ]);
  });

  it('treats a line holding only spaces as a paragraph break', () => {
    expect(chunkText(`${'a'.repeat(8)}\n   \n${'b'.repeat(8)}`, { chunkSize: 10, chunkOverlap: 0 })).toEqual(['a'.repeat(8), 'b'.repeat(8)]);
  });

  it('splits a long paragraph by sentences, keeping their punctuation, with whole sentences as overlap', () => {
    const sentences = Array.from({ length: 10 }, (_, i) => sentence(i, 50));
    const chunks = chunkText(sentences.join(' '), { chunkSize: 160, chunkOverlap: 60 });
    expect(chunks).toEqual([
      sentences.slice(0, 3).join(' '),
      sentences.slice(2, 5).join(' '),
      sentences.slice(4, 7).join(' '),
      sentences.slice(6, 9).join(' '),
      sentences.slice(8, 10).join(' '),
    ]);
  });

  it('recognises ?, !, closing quotes and CJK full stops as sentence ends', () => {
    const text = 'Why? "Because!" Fine. 这是第一句。这是第二句。';
    expect(chunkText(text, { chunkSize: 10, chunkOverlap: 0 })).toEqual(['Why?', '"Because!"', 'Fine.', '这是第一句。', '这是第二句。']);
  });

  it('splits a long sentence by words', () => {
    expect(chunkText('one two three four five six', { chunkSize: 10, chunkOverlap: 4 })).toEqual([
      'one two',
      'two three',
      'four five',
      'five six',
    ]);
  });

  it('splits a word longer than chunkSize by characters, with exactly chunkOverlap characters of overlap', () => {
    const text = 'x'.repeat(2500);
    expect(chunkSpans(text, { chunkSize: 1000, chunkOverlap: 200 })).toEqual([
      { start: 0, end: 1000 },
      { start: 800, end: 1800 },
      { start: 1600, end: 2500 },
    ]);
  });

  it('never splits a surrogate pair', () => {
    const text = '😀'.repeat(30);
    const chunks = chunkText(text, { chunkSize: 9, chunkOverlap: 3 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(9);
      expect(chunk).toMatch(/^(?:😀)+$/u);
    }
  });

  it.each([1, 2, 7, 64, 1000])('keeps every invariant on generated texts, chunkSize %i', (chunkSize) => {
    // Violations are collected in plain code: one expect per text keeps this test fast.
    const violations: string[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const text = generateText(seed * 7919 + chunkSize);
      for (const chunkOverlap of [0, Math.floor(chunkSize / 5), chunkSize - 1]) {
        const options = { chunkSize, chunkOverlap };
        const where = `seed ${seed}, overlap ${chunkOverlap}`;
        const spans = chunkSpans(text, options);
        const chunks = chunkText(text, options);
        if (JSON.stringify(chunkText(text, options)) !== JSON.stringify(chunks)) violations.push(`${where}: not deterministic`);
        const covered = new Uint8Array(text.length);
        spans.forEach((span, i) => {
          const chunk = chunks[i];
          if (chunk !== text.slice(span.start, span.end)) violations.push(`${where}: chunk ${i} is not its span`);
          if (chunk.length === 0 || chunk.length > chunkSize) violations.push(`${where}: chunk ${i} has length ${chunk.length}`);
          if (chunk !== chunk.trim()) violations.push(`${where}: chunk ${i} is not trimmed`);
          covered.fill(1, span.start, span.end);
          const previous = spans[i - 1];
          if (previous === undefined) return;
          if (span.start <= previous.start || span.end <= previous.end) violations.push(`${where}: chunk ${i} is out of order`);
          if (previous.end - span.start > chunkOverlap) violations.push(`${where}: chunk ${i} overlaps by ${previous.end - span.start}`);
        });
        for (let at = 0; at < text.length; at++) {
          if (!covered[at] && /\S/.test(text[at])) {
            violations.push(`${where}: character ${at} is in no chunk`);
            break;
          }
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it.each([
    [{ chunkSize: 100, chunkOverlap: 100 }, 'chunkOverlap (CHUNK_OVERLAP) must be an integer from 0 to chunkSize - 1 (got 100 with chunkSize 100)'],
    [{ chunkSize: 100, chunkOverlap: -1 }, 'chunkOverlap (CHUNK_OVERLAP) must be an integer from 0 to chunkSize - 1'],
    [{ chunkSize: 100, chunkOverlap: 1.5 }, 'chunkOverlap (CHUNK_OVERLAP) must be an integer'],
    [{ chunkSize: 0 }, 'chunkSize (CHUNK_SIZE) must be a positive integer (got 0)'],
    [{ chunkSize: 10.5 }, 'chunkSize (CHUNK_SIZE) must be a positive integer (got 10.5)'],
    [{ chunkSize: 150 }, 'chunkOverlap (CHUNK_OVERLAP) must be an integer from 0 to chunkSize - 1 (got 200 with chunkSize 150)'],
  ])('rejects %j, naming the option', (options, message) => {
    expect(() => chunkText('text', options)).toThrow(InvalidArgumentError);
    expect(() => chunkText('text', options)).toThrow(message);
  });
});
