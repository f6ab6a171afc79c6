import type { VectorInput } from '../interfaces/vector-input.interface';
import { FLOAT16_MAX, toFloat16Bits } from './float16.util';
import {
  HOST_IS_LITTLE_ENDIAN,
  VECTOR_DTYPE_FLOAT16,
  VECTOR_DTYPE_FLOAT32,
  VECTOR_FORMAT_VERSION,
  VECTOR_HEADER_BYTES,
  VECTOR_MAGIC,
} from './vector-format.constants';
import type { VectorDtype } from './vector-format.constants';

function writeHeader(bytes: Buffer, dtype: number, dims: number): void {
  bytes[0] = VECTOR_MAGIC;
  bytes[1] = VECTOR_FORMAT_VERSION;
  bytes[2] = dtype;
  bytes[3] = 0;
  bytes.writeUInt32LE(dims, 4);
}

function fitsFloat16(vector: VectorInput): boolean {
  for (let i = 0; i < vector.length; i += 1) if (Math.abs(vector[i]) > FLOAT16_MAX) return false;
  return true;
}

/**
 * Encodes a vector into the versioned binary value (see `vector-format.constants.ts`).
 * float32: one allocation, the header and the elements share one aligned ArrayBuffer, and
 * `Float32Array#set` does the float64 → float32 rounding natively. float16 halves the size; a
 * vector with an element beyond ±65504 is written as float32 instead (readers accept both).
 */
export function encodeVector(vector: VectorInput, dtype: VectorDtype = 'float32'): Buffer {
  const dims = vector.length;
  if (dtype === 'float16' && fitsFloat16(vector)) {
    const halves = new Uint16Array(VECTOR_HEADER_BYTES / 2 + dims);
    for (let i = 0; i < dims; i += 1) halves[VECTOR_HEADER_BYTES / 2 + i] = toFloat16Bits(vector[i]);
    const bytes = Buffer.from(halves.buffer, halves.byteOffset, halves.byteLength);
    writeHeader(bytes, VECTOR_DTYPE_FLOAT16, dims);
    if (!HOST_IS_LITTLE_ENDIAN) bytes.subarray(VECTOR_HEADER_BYTES).swap16();
    return bytes;
  }
  const floats = new Float32Array(VECTOR_HEADER_BYTES / 4 + dims);
  floats.set(vector, VECTOR_HEADER_BYTES / 4);
  const bytes = Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
  writeHeader(bytes, VECTOR_DTYPE_FLOAT32, dims);
  if (!HOST_IS_LITTLE_ENDIAN) bytes.subarray(VECTOR_HEADER_BYTES).swap32();
  return bytes;
}
