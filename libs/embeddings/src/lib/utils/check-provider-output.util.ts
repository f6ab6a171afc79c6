import { InvalidProviderOutputError } from '../errors/invalid-provider-output.error';
import type { ExpectedProviderOutput } from '../interfaces/expected-provider-output.interface';

/**
 * Checks what a provider returned before anyone caches or stores it: one vector per text, each
 * a list of numbers of the expected length, finite and not all zeros once rounded to float32 (a
 * zero vector has no direction: cosine similarity with it is undefined, and pgvector refuses it).
 * Returns the vectors as Float32Arrays (those given as Float32Array as they are); throws
 * `InvalidProviderOutputError` naming the first problem.
 */
export function checkProviderOutput(output: unknown, expected: ExpectedProviderOutput): Float32Array[] {
  const fail = (problem: string): never => {
    throw new InvalidProviderOutputError(expected.model, problem);
  };
  if (!Array.isArray(output)) return fail('returned no list of vectors');
  if (output.length !== expected.count) return fail(`returned ${output.length} vectors for ${expected.count} texts`);
  let dims = expected.dimensions;
  return output.map((item: unknown, i) => {
    const vector = toFloat32(item) ?? fail(`vector ${i} is not a list of numbers`);
    if (dims === 0) dims = vector.length;
    if (vector.length !== dims || dims === 0) fail(`vector ${i} has ${vector.length} dimensions, expected ${dims || 'at least 1'}`);
    let nonZero = false;
    for (let j = 0; j < vector.length; j += 1) {
      const x = vector[j];
      if (!Number.isFinite(x)) fail(`vector ${i} holds ${x} at element ${j}`);
      if (x !== 0) nonZero = true;
    }
    if (!nonZero) fail(`vector ${i} is all zeros`);
    return vector;
  });
}

function toFloat32(item: unknown): Float32Array | undefined {
  if (item instanceof Float32Array) return item;
  if (!Array.isArray(item) || !item.every((x) => typeof x === 'number')) return undefined;
  return Float32Array.from(item as number[]);
}
