import { InvalidArgumentError } from '../errors/invalid-argument.error';

/** Throws `InvalidArgumentError` naming `name` unless `value` is a string. */
export function assertString(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new InvalidArgumentError(`${name} must be a string (got ${typeof value})`);
}
