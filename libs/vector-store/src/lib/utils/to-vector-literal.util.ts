import { InvalidArgumentError } from '../errors/invalid-argument.error';

/**
 * The pgvector text literal of `embedding` (`'[0.1,-2,3e-7]'`), for a `$n::vector` parameter.
 * Each element is written with the fewest digits that read back as the same float32 (pgvector
 * stores float32), so a 384-dim vector costs ~4 KB instead of ~7 KB. Throws `InvalidArgumentError`
 * naming `name` for an empty vector, a non-finite element or an all-zero vector (cosine distance
 * to it is undefined).
 */
export function toVectorLiteral(embedding: Float32Array | readonly number[], name = 'embedding'): string {
  if (!(embedding instanceof Float32Array) && !Array.isArray(embedding)) {
    throw new InvalidArgumentError(`${name} must be a Float32Array or an array of numbers`);
  }
  if (embedding.length === 0) throw new InvalidArgumentError(`${name} must not be empty`);
  const parts = new Array<string>(embedding.length);
  let nonZero = false;
  for (let i = 0; i < embedding.length; i++) {
    const value = embedding[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidArgumentError(`${name}[${i}] must be a finite number (got ${String(value)})`);
    }
    const single = Math.fround(value);
    if (!Number.isFinite(single)) {
      throw new InvalidArgumentError(`${name}[${i}] is out of float32 range (got ${value})`);
    }
    if (single !== 0) nonZero = true;
    parts[i] = shortestFloat32(single);
  }
  if (!nonZero) throw new InvalidArgumentError(`${name} must not be all zeros (cosine similarity is undefined for it)`);
  return `[${parts.join(',')}]`;
}

function shortestFloat32(value: number): string {
  if (value === 0) return '0';
  // 9 significant digits always round-trip a float32; most values need 6-8.
  for (let digits = 6; digits < 9; digits++) {
    const text = String(Number(value.toPrecision(digits)));
    if (Math.fround(Number(text)) === value) return text;
  }
  return String(Number(value.toPrecision(9)));
}
