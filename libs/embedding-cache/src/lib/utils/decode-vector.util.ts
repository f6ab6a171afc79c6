import { allFinite } from './all-finite.util';
import { float16Table } from './float16.util';
import {
  HOST_IS_LITTLE_ENDIAN,
  VECTOR_DTYPE_FLOAT16,
  VECTOR_DTYPE_FLOAT32,
  VECTOR_FORMAT_VERSION,
  VECTOR_HEADER_BYTES,
  VECTOR_MAGIC,
} from './vector-format.constants';

const defaultAlloc = (length: number): Float32Array => new Float32Array(length);

/**
 * Decodes a stored value (float32 or float16 elements) into a Float32Array, or returns `null`
 * when it is not a well-formed value of this format (foreign format, unknown version or element
 * type, zero dims, wrong length), when an element is NaN or ±Infinity, or when `dims` is given
 * and the value has another dimension count: a vector the reader could not use is a miss.
 *
 * The elements are copied into a new Float32Array rather than viewed in place: Buffers from
 * ioredis are rarely 4-byte aligned, and a view would keep the whole ~64 KB socket chunk alive.
 * `alloc` makes that array: a fresh one by default; the service passes `allocPooledFloat32`.
 */
export function decodeVector(
  value: Buffer,
  alloc: (length: number) => Float32Array = defaultAlloc,
  dims?: number,
): Float32Array | null {
  if (value.length < VECTOR_HEADER_BYTES || value[0] !== VECTOR_MAGIC || value[1] !== VECTOR_FORMAT_VERSION) return null;
  const length = value.readUInt32LE(4);
  if (length === 0 || (dims !== undefined && length !== dims)) return null;
  const dtype = value[2];
  if (dtype === VECTOR_DTYPE_FLOAT32) {
    if (value.length !== VECTOR_HEADER_BYTES + 4 * length) return null;
    const out = alloc(length);
    const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    bytes.set(value.subarray(VECTOR_HEADER_BYTES));
    if (!HOST_IS_LITTLE_ENDIAN) Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).swap32();
    return allFinite(out) ? out : null;
  }
  if (dtype === VECTOR_DTYPE_FLOAT16) {
    if (value.length !== VECTOR_HEADER_BYTES + 2 * length) return null;
    const halves = new Uint16Array(length);
    new Uint8Array(halves.buffer).set(value.subarray(VECTOR_HEADER_BYTES));
    if (!HOST_IS_LITTLE_ENDIAN) Buffer.from(halves.buffer).swap16();
    const table = float16Table();
    const out = alloc(length);
    for (let i = 0; i < length; i += 1) out[i] = table[halves[i]];
    return allFinite(out) ? out : null;
  }
  return null;
}
