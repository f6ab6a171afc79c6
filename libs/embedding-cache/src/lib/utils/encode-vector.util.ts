import type { VectorInput } from '../interfaces/vector-input.interface';
import {
  HOST_IS_LITTLE_ENDIAN,
  VECTOR_DTYPE_FLOAT32,
  VECTOR_FORMAT_VERSION,
  VECTOR_HEADER_BYTES,
  VECTOR_MAGIC,
} from './vector-format.constants';

const HEADER_FLOATS = VECTOR_HEADER_BYTES / 4;

/**
 * Encodes a vector into the versioned binary value (see `vector-format.constants.ts`).
 * One allocation: the header and the float32 elements share one aligned ArrayBuffer, and
 * `Float32Array#set` does the float64 → float32 rounding natively.
 */
export function encodeVector(vector: VectorInput): Buffer {
  const dims = vector.length;
  const floats = new Float32Array(HEADER_FLOATS + dims);
  floats.set(vector, HEADER_FLOATS);
  const bytes = Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
  bytes[0] = VECTOR_MAGIC;
  bytes[1] = VECTOR_FORMAT_VERSION;
  bytes[2] = VECTOR_DTYPE_FLOAT32;
  bytes[3] = 0;
  bytes.writeUInt32LE(dims, 4);
  if (!HOST_IS_LITTLE_ENDIAN) bytes.subarray(VECTOR_HEADER_BYTES).swap32();
  return bytes;
}
