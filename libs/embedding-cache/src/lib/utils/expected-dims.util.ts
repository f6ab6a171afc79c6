import { InvalidArgumentError } from '../errors/invalid-argument.error';
import type { VectorLookupOptions } from '../interfaces/vector-lookup-options.interface';
import { MAX_VECTOR_DIMS } from './vector-format.constants';

/**
 * The dimension count a lookup of `model` must return: `options.dimensions` when given, else
 * `byModel[model]` (the module's `modelDimensions`), else `undefined` (not checked). Throws
 * `InvalidArgumentError` naming the option when it is not an integer from 1 to 2³² − 1.
 */
export function expectedDims(
  model: string,
  options: VectorLookupOptions | undefined,
  byModel: Readonly<Record<string, number>>,
): number | undefined {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidArgumentError('options must be an object such as { dimensions: 1536 }');
  }
  const dims = options?.dimensions;
  if (dims === undefined) return Object.hasOwn(byModel, model) ? byModel[model] : undefined;
  if (!Number.isInteger(dims) || dims < 1 || dims > MAX_VECTOR_DIMS) {
    throw new InvalidArgumentError(`options.dimensions must be an integer from 1 to ${MAX_VECTOR_DIMS} (got ${JSON.stringify(dims)})`);
  }
  return dims;
}
