import { describeStringProblem } from './describe-string-problem.util';
import type { InputProblem } from './interfaces/input-problem.interface';

/**
 * What is wrong with a raw query string (`a=1&b=2`, without the `?`), or `null`: a parameter not
 * in `allowed`, a name or value that is not valid percent-encoded UTF-8, or one with a NUL. Read
 * from the raw text because Express's parser replaces bytes that are not UTF-8 with U+FFFD.
 */
export function describeQueryProblem(query: string, allowed: ReadonlySet<string>): InputProblem | null {
  if (query === '') return null;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const name = decode(rawName);
    const nameProblem = name === null ? 'is not valid percent-encoded UTF-8' : describeStringProblem(name);
    if (name === null || nameProblem !== null) return { param: rawName, message: `query parameter "${rawName}" ${nameProblem}` };
    if (!allowed.has(name)) {
      const takes = allowed.size === 0 ? 'this route takes none' : `this route takes: ${[...allowed].join(', ')}`;
      return { param: nameParam(name, rawName), message: `unknown query parameter ${JSON.stringify(name)}; ${takes}` };
    }
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const value = decode(rawValue);
    if (value === null) return { param: name, message: `${name} is not valid percent-encoded UTF-8 (got "${rawValue}")` };
    const valueProblem = describeStringProblem(value);
    if (valueProblem !== null) return { param: name, message: `${name} ${valueProblem}` };
  }
  return null;
}

/**
 * The `param` naming a query parameter: its name, or for a blank name (`%09`, `+`, an empty one)
 * its raw form, or the quoted name, so that `param` is never blank.
 */
function nameParam(name: string, rawName: string): string {
  if (/\S/.test(name)) return name;
  return /\S/.test(rawName) ? rawName : JSON.stringify(name);
}

/** A query component decoded as a form (`+` is a space), or `null` when it is not valid percent-encoded UTF-8. */
function decode(component: string): string | null {
  try {
    return decodeURIComponent(component.includes('+') ? component.replace(/\+/g, ' ') : component);
  } catch {
    return null;
  }
}
