import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { assertString } from './assert-string.util';

/** Throws `InvalidArgumentError` naming `name` (or its first bad item) unless `value` is an array of strings. */
export function assertStringArray(name: string, value: unknown): asserts value is string[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError(`${name} must be an array of strings`);
  value.forEach((item, i) => assertString(`${name}[${i}]`, item));
}
