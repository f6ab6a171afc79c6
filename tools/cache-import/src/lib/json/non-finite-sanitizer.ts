import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { NON_FINITE_SENTINELS } from '../cache-import.constants';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const UPPER_N = 0x4e;
const UPPER_I = 0x49;

/** The bare tokens Python's `json.dumps` writes for non-finite floats, and their replacements. */
const REWRITES: ReadonlyArray<{ token: Buffer; replacement: Buffer }> = (
  Object.keys(NON_FINITE_SENTINELS) as Array<keyof typeof NON_FINITE_SENTINELS>
).map((token) => ({
  token: Buffer.from(token, 'latin1'),
  replacement: Buffer.from(JSON.stringify(NON_FINITE_SENTINELS[token]), 'latin1'),
}));

type Match = { length: number; replacement: Buffer } | 'partial' | null;

/**
 * A byte stream transform that replaces the bare `NaN`, `Infinity` and `-Infinity` tokens of
 * Python's `json.dumps` by the JSON strings of `NON_FINITE_SENTINELS`, so that a strict parser
 * reads on and the entry holding them is counted instead of aborting the file. Tokens inside JSON
 * strings are left alone; string and escape state, and a token cut by a chunk boundary, carry over
 * to the next chunk. Works on UTF-8 bytes: `"` and `\` never occur inside a multi-byte sequence.
 * Chunks without a token pass through without a copy.
 */
export class NonFiniteSanitizer extends Transform {
  private inString = false;
  private escaped = false;
  private carry: Buffer | null = null;
  /** Bare tokens replaced so far. */
  replaced = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const input = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    const output = this.rewrite(input, false);
    if (output.length > 0) this.push(output);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.carry) {
      const rest = this.carry;
      this.carry = null;
      this.push(this.rewrite(rest, true));
    }
    callback();
  }

  private rewrite(input: Buffer, final: boolean): Buffer {
    const pieces: Buffer[] = [];
    let copiedUpTo = 0;
    let end = input.length;
    let inString = this.inString;
    let escaped = this.escaped;
    for (let i = 0; i < end; i += 1) {
      const byte = input[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
        continue;
      }
      if (byte === QUOTE) {
        inString = true;
        continue;
      }
      if (byte !== UPPER_N && byte !== UPPER_I && byte !== MINUS) continue;
      const match = matchToken(input, i);
      if (match === null) continue;
      if (match === 'partial') {
        // At end of input a partial token is left for the parser to reject as invalid JSON.
        if (final) continue;
        this.carry = Buffer.from(input.subarray(i));
        end = i;
        break;
      }
      pieces.push(input.subarray(copiedUpTo, i), match.replacement);
      this.replaced += 1;
      i += match.length - 1;
      copiedUpTo = i + 1;
    }
    this.inString = inString;
    this.escaped = escaped;
    if (pieces.length === 0) return end === input.length ? input : input.subarray(0, end);
    pieces.push(input.subarray(copiedUpTo, end));
    return Buffer.concat(pieces);
  }
}

function matchToken(input: Buffer, at: number): Match {
  for (const { token, replacement } of REWRITES) {
    if (input[at] !== token[0]) continue;
    const available = Math.min(token.length, input.length - at);
    let same = true;
    for (let k = 1; k < available; k += 1) {
      if (input[at + k] !== token[k]) {
        same = false;
        break;
      }
    }
    if (!same) continue;
    return available < token.length ? 'partial' : { length: token.length, replacement };
  }
  return null;
}
