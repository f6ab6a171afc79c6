import { InvalidVectorError } from '../errors/invalid-vector.error';
import type { VectorInput } from '../interfaces/vector-input.interface';

/**
 * Returns `vector` as given (number[] or Float32Array) when it is a non-empty vector of finite
 * numbers; throws `InvalidVectorError` naming `name` or the first bad element otherwise.
 */
export function checkVector(vector: unknown, name: string): VectorInput {
  const candidate = vector as VectorInput | undefined;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.length !== 'number' || candidate.length === 0) {
    throw new InvalidVectorError(`${name} must be a non-empty array of numbers or a Float32Array`);
  }
  for (let i = 0; i < candidate.length; i += 1) {
    const element = candidate[i];
    if (typeof element !== 'number' || !Number.isFinite(element)) {
      throw new InvalidVectorError(`${name}[${i}] must be a finite number (got ${String(element)})`);
    }
  }
  return candidate;
}
