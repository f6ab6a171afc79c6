import type { IntegerProblemsOptions } from './integer-problems-options.interface';
import type { IntegerRange } from './integer-range.interface';

/**
 * Checks options given in code (`forRoot`) against integer ranges: for each `name -> [min, max]`
 * of `ranges`, in order, whose `values[name]` is not an integer in range, the problem
 * `<name> must be an integer from <min> to <max> (got <JSON value>)`.
 */
export function integerProblems(
  values: object,
  ranges: Readonly<Record<string, IntegerRange>>,
  options: IntegerProblemsOptions = {},
): string[] {
  const problems: string[] = [];
  for (const [name, [min, max]] of Object.entries(ranges)) {
    const value: unknown = (values as Record<string, unknown>)[name];
    if (value === undefined && options.optional?.includes(name)) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${options.labels?.[name] ?? name} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
    }
  }
  return problems;
}
