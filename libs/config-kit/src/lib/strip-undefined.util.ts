/**
 * A copy of `object` without its `undefined` fields, so that `{ ...DEFAULTS, ...stripUndefined(options) }`
 * keeps a default where an option is given as `undefined`.
 */
export function stripUndefined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
