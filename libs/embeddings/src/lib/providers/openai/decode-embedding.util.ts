import { endianness } from 'node:os';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/**
 * Decodes one `embedding` field of an embeddings response: a base64 string of little-endian
 * float32 values (`encoding_format: 'base64'`) or a JSON array of numbers (`'float'`, which some
 * gateways return whatever was asked). Returns `undefined` for anything else, for a byte length
 * that is not a multiple of 4, and for an empty vector.
 */
export function decodeEmbedding(value: unknown): Float32Array | undefined {
  if (typeof value === 'string') return decodeBase64(value);
  if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number')) {
    return Float32Array.from(value as number[]);
  }
  return undefined;
}

function decodeBase64(value: string): Float32Array | undefined {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
  if (LITTLE_ENDIAN_HOST) {
    // Copy into a fresh ArrayBuffer: a Buffer from Node's pool may start at an offset that is not a
    // multiple of 4, and a Float32Array view on it would throw a RangeError.
    return new Float32Array(new Uint8Array(bytes).buffer);
  }
  const vector = new Float32Array(bytes.length / 4);
  for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(i * 4);
  return vector;
}
