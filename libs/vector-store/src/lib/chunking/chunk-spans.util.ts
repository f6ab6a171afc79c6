import type { ChunkingOptions } from '../interfaces/chunking-options.interface';
import type { TextSpan } from '../interfaces/text-span.interface';
import { resolveChunkingOptions } from './resolve-chunking-options.util';

/**
 * Separators, coarsest first; a piece longer than `chunkSize` is split by the next one, and a
 * word longer than `chunkSize` by characters. Each separator stays with the piece before it.
 */
const SEPARATORS: readonly RegExp[] = [
  // Paragraphs: a blank line (possibly holding spaces).
  /\n[^\S\n]*\n\s*/g,
  // Sentences: end punctuation, closing quotes or brackets, then whitespace; CJK full stops need none.
  /[.!?…]+["'”’)\]]*\s+|[。！？]+\s*/g,
  // Words.
  /\s+/g,
];

const WHITESPACE = /\s/;

/**
 * The spans of the chunks `chunkText` returns: recursive splitting by paragraphs, sentences, words,
 * then characters; neighbouring pieces merged up to `chunkSize`, each chunk starting with up to
 * `chunkOverlap` characters of the previous one. Spans never start or end with whitespace, are in
 * order, and each is at most `chunkSize` long.
 */
export function chunkSpans(text: string, options: ChunkingOptions = {}): TextSpan[] {
  const { chunkSize, chunkOverlap } = resolveChunkingOptions(options);
  const out: TextSpan[] = [];
  const whole = trim(text, 0, text.length);
  if (whole === undefined) return out;

  const emit = (span: TextSpan): void => {
    const last = out[out.length - 1];
    // A span inside the previous one adds nothing (an overlap followed only by whitespace).
    if (last === undefined || span.end > last.end) out.push(span);
  };

  const merge = (pieces: TextSpan[]): void => {
    let first = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i > first && piece.end - pieces[first].start > chunkSize) {
        emit({ start: pieces[first].start, end: pieces[i - 1].end });
        while (
          first < i &&
          (pieces[i - 1].end - pieces[first].start > chunkOverlap || piece.end - pieces[first].start > chunkSize)
        ) {
          first++;
        }
      }
    }
    if (first < pieces.length) emit({ start: pieces[first].start, end: pieces[pieces.length - 1].end });
  };

  const split = (span: TextSpan, level: number): void => {
    const pieces = level < SEPARATORS.length ? splitBy(text, span, SEPARATORS[level]) : splitChars(text, span, chunkSize);
    if (pieces.length === 1 && level < SEPARATORS.length) {
      split(span, level + 1);
      return;
    }
    let good: TextSpan[] = [];
    for (const piece of pieces) {
      if (piece.end - piece.start <= chunkSize) {
        good.push(piece);
        continue;
      }
      if (good.length > 0) merge(good);
      good = [];
      split(piece, level + 1);
    }
    if (good.length > 0) merge(good);
  };

  if (whole.end - whole.start <= chunkSize) return [whole];
  split(whole, 0);
  return out;
}

/** Pieces of `span` cut after each match of `separator`, trimmed, empty ones dropped. */
function splitBy(text: string, span: TextSpan, separator: RegExp): TextSpan[] {
  const pieces: TextSpan[] = [];
  const segment = text.slice(span.start, span.end);
  let from = 0;
  for (const match of segment.matchAll(separator)) {
    const to = (match.index ?? 0) + match[0].length;
    push(pieces, trim(text, span.start + from, span.start + to));
    from = to;
  }
  push(pieces, trim(text, span.start + from, span.end));
  return pieces;
}

/** One piece per code point (per UTF-16 unit when `chunkSize` is 1, so no piece exceeds it). */
function splitChars(text: string, span: TextSpan, chunkSize: number): TextSpan[] {
  const pieces: TextSpan[] = [];
  let at = span.start;
  while (at < span.end) {
    const width = chunkSize >= 2 && (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
    pieces.push({ start: at, end: Math.min(at + width, span.end) });
    at += width;
  }
  return pieces;
}

/** `[start, end)` without leading and trailing whitespace; `undefined` if nothing is left. */
function trim(text: string, start: number, end: number): TextSpan | undefined {
  let from = start;
  let to = end;
  while (from < to && WHITESPACE.test(text[from])) from++;
  while (to > from && WHITESPACE.test(text[to - 1])) to--;
  return from < to ? { start: from, end: to } : undefined;
}

function push(pieces: TextSpan[], piece: TextSpan | undefined): void {
  if (piece !== undefined) pieces.push(piece);
}
