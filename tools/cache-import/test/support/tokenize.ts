import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parser } from 'stream-json';
import type { JsonToken } from '../../src/lib/interfaces/json-token.interface';
import { NonFiniteSanitizer } from '../../src/lib/json/non-finite-sanitizer';

/** Splits `text` into Buffers of `size` bytes (the last one shorter). */
export function chunksOf(text: string | Buffer, size: number): Buffer[] {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

/** Runs `chunks` through the sanitiser and returns the bytes it produced. */
export async function sanitize(chunks: Buffer[]): Promise<string> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    new NonFiniteSanitizer(),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(out).toString('utf8');
}

/** The tokens the import pipeline sees for `json`: sanitiser, then stream-json's parser. */
export async function tokenize(json: string, chunkSize = 7): Promise<JsonToken[]> {
  const tokens: JsonToken[] = [];
  await pipeline(
    Readable.from(chunksOf(json, chunkSize)),
    new NonFiniteSanitizer(),
    parser({ packValues: true, streamValues: false }),
    new Writable({
      objectMode: true,
      write(token: JsonToken, _encoding, callback) {
        tokens.push(token);
        callback();
      },
    }),
  );
  return tokens;
}
