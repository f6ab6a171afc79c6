/** Bytes of one shared ArrayBuffer handed out in slices. */
const POOL_BYTES = 64 * 1024;
/** Vectors above this size get an ArrayBuffer of their own (4096 dims and more). */
const MAX_POOLED_BYTES = POOL_BYTES / 4;

let pool: ArrayBuffer | undefined;
let offset = 0;

/**
 * A zeroed Float32Array of `length`, carved out of a shared 64 KB ArrayBuffer when it is at most
 * 16 KB (4096 dims), like `Buffer.allocUnsafe` carves small Buffers from its pool.
 *
 * Why by hand: allocating an ArrayBuffer costs ~1.5-2 µs in V8 whatever its size (it is tracked
 * outside the heap), which was most of the cost of an L1 hit and ~2 ms of a 1000-vector read.
 * Slicing a pool costs a view (~0.1 µs). The price: a returned vector's `.buffer` is shared (read
 * it with `byteOffset`/`byteLength`, or `slice()` for an ArrayBuffer of its own), and one vector
 * kept alive keeps its 64 KB pool alive, so the L1 tier stores vectors in buffers of their own.
 */
export function allocPooledFloat32(length: number): Float32Array {
  const bytes = length * Float32Array.BYTES_PER_ELEMENT;
  if (bytes > MAX_POOLED_BYTES) return new Float32Array(length);
  if (pool === undefined || offset + bytes > POOL_BYTES) {
    pool = new ArrayBuffer(POOL_BYTES);
    offset = 0;
  }
  const out = new Float32Array(pool, offset, length);
  offset += bytes;
  return out;
}

/** A copy of `source` in pooled memory (see `allocPooledFloat32`). */
export function copyToPooled(source: Float32Array): Float32Array {
  const out = allocPooledFloat32(source.length);
  out.set(source);
  return out;
}
