import { endianness } from 'node:os';

/**
 * Binary value format, version 1 (8-byte header, then the elements):
 *
 * | offset | size | field                                   |
 * |--------|------|-----------------------------------------|
 * | 0      | 1    | magic `0xE5` (never the first byte of UTF-8 text or JSON) |
 * | 1      | 1    | format version (`1`)                    |
 * | 2      | 1    | element type (`1` = float32, `2` = float16) |
 * | 3      | 1    | reserved, `0`                           |
 * | 4      | 4    | dimension count, uint32 little-endian   |
 * | 8      | 4·d or 2·d | elements, little-endian float32 or float16 |
 *
 * The 8-byte header keeps the elements 4- and 8-byte aligned inside the value.
 */
export const VECTOR_MAGIC = 0xe5;
/** Current format version. */
export const VECTOR_FORMAT_VERSION = 1;
/** Element type code of little-endian float32. */
export const VECTOR_DTYPE_FLOAT32 = 1;
/** Element type code of little-endian IEEE binary16. */
export const VECTOR_DTYPE_FLOAT16 = 2;
/** Element types a value can be written in; readers accept both whatever the setting. */
export type VectorDtype = 'float32' | 'float16';
/** Largest dimension count the header can record (uint32). */
export const MAX_VECTOR_DIMS = 0xffff_ffff;
/** Size of the header in bytes. */
export const VECTOR_HEADER_BYTES = 8;
/** Whether this machine stores typed arrays little-endian (all mainstream servers do). */
export const HOST_IS_LITTLE_ENDIAN = endianness() === 'LE';
