import { InvalidVectorError } from '../errors/invalid-vector.error';
import type { VectorInput } from '../interfaces/vector-input.interface';
import { checkVector } from './check-vector.util';

/**
 * Checks what `compute` returned (one valid vector per text, all of one dimension count: `dims`
 * when given) and converts it to Float32Arrays; a Float32Array given is used as it is.
 */
export function toFloat32Vectors(computed: ReadonlyArray<VectorInput>, expected: number, dims?: number): Float32Array[] {
  if (!Array.isArray(computed) || computed.length !== expected) {
    throw new InvalidVectorError(
      `compute must return one vector per text: expected ${expected}, got ${Array.isArray(computed) ? computed.length : typeof computed}`,
    );
  }
  const vectors = computed.map((vector, i) => {
    const checked = checkVector(vector, `compute()[${i}]`);
    return checked instanceof Float32Array ? checked : new Float32Array(checked);
  });
  const length = dims ?? vectors[0].length;
  const odd = vectors.findIndex((vector) => vector.length !== length);
  if (odd !== -1) {
    throw new InvalidVectorError(`compute()[${odd}] has ${vectors[odd].length} dimensions, expected ${length}`);
  }
  return vectors;
}
