import {
  HOST_IS_LITTLE_ENDIAN,
  VECTOR_DTYPE_FLOAT32,
  VECTOR_FORMAT_VERSION,
  VECTOR_HEADER_BYTES,
  VECTOR_MAGIC,
} from './vector-format.constants';

/**
 * Decodes a stored value, or returns `null` when it is not a well-formed value of this format
 * (foreign format, unknown version or element type, zero dims, wrong length).
 *
 * The elements are copied into a fresh Float32Array rather than viewed in place: Buffers from
 * ioredis are rarely 4-byte aligned, and a view would keep the whole ~64 KB socket chunk alive.
 */
export function decodeVector(value: Buffer): Float32Array | null {
  if (
    value.length < VECTOR_HEADER_BYTES ||
    value[0] !== VECTOR_MAGIC ||
    value[1] !== VECTOR_FORMAT_VERSION ||
    value[2] !== VECTOR_DTYPE_FLOAT32
  ) {
    return null;
  }
  const dims = value.readUInt32LE(4);
  if (dims === 0 || value.length !== VECTOR_HEADER_BYTES + 4 * dims) return null;
  const out = new Float32Array(dims);
  const outBytes = new Uint8Array(out.buffer);
  outBytes.set(value.subarray(VECTOR_HEADER_BYTES));
  if (!HOST_IS_LITTLE_ENDIAN) Buffer.from(out.buffer).swap32();
  return out;
}
