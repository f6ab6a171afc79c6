import { describeStringProblem } from './describe-string-problem.util';
import type { InputProblem } from './interfaces/input-problem.interface';
import type { JsonBodyRules } from './interfaces/json-body-rules.interface';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const LETTER_U = 0x75;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Checks the raw bytes of a JSON request body, before it is parsed, in one pass without
 * recursion: nesting within `rules` (the whole body, and the smaller limit of some top-level
 * fields), no NUL and no unpaired surrogate in any string or key, and no reserved key. Returns the
 * first problem with the path of the field at fault (`metadata.a[0]`, `input[3]`,
 * `filter.prototype`), or `null`. Malformed JSON is not its concern: it returns `null` or a
 * problem found before the fault, and the JSON parser then reports the rest.
 *
 * Hand-written rather than a walk of the parsed value because it must run before anything
 * recursive touches the body, and a 10 MB `[[[[…` is cheaper to refuse than to parse. Valid UTF-8
 * (checked first) cannot encode NUL inside a JSON string or any surrogate, so those can only come
 * from `\u` escapes, which are all this looks at inside strings; strings are skipped with the
 * native `indexOf`, so the cost is about one call per string.
 */
export function scanJsonBody(body: Buffer, rules: JsonBodyRules): InputProblem | null {
  return new JsonBodyScan(body, rules).run();
}

/** The state of one scan; levels are indexed by depth, the body's own object being level 1. */
class JsonBodyScan {
  private depth = 0;
  private limit: number;
  /** The top-level field whose own limit applies at the current position, if any. */
  private limitedField: string | null = null;
  /** The top-level key just read, while its value has not started. */
  private topKey: string | null = null;
  private nextBackslash: number;
  // Plain arrays grown as levels open: typed arrays cost about 0.3 µs each to allocate, which
  // was most of the cost of a small body.
  private readonly isArray: boolean[] = [false];
  private readonly index: number[] = [0];
  private readonly keyStart: number[] = [-1];
  private readonly keyEnd: number[] = [-1];
  private readonly keyEscaped: boolean[] = [false];
  /** Set by `skipString`: the closing quote, whether there were escapes, the first bad code unit (or -1). */
  private stringEnd = 0;
  private stringEscaped = false;
  private badUnit = -1;

  constructor(
    private readonly body: Buffer,
    private readonly rules: JsonBodyRules,
  ) {
    this.limit = rules.maxDepth;
    this.nextBackslash = body.indexOf(BACKSLASH);
  }

  run(): InputProblem | null {
    const { body } = this;
    const n = body.length;
    let i = skipWhitespace(body, 0);
    if (i < n && body[i] === OPEN_ARRAY) return { param: 'body', message: 'request body must be a JSON object, not an array' };
    while (i < n) {
      const c = body[i];
      if (c === QUOTE) {
        if (!this.skipString(i)) return null;
        const after = skipWhitespace(body, this.stringEnd + 1);
        const isKey = this.depth > 0 && !this.isArray[this.depth] && body[after] === COLON;
        if (isKey) {
          this.keyStart[this.depth] = i;
          this.keyEnd[this.depth] = this.stringEnd;
          this.keyEscaped[this.depth] = this.stringEscaped;
        }
        if (this.badUnit >= 0) return this.problem(describeStringProblem(String.fromCharCode(this.badUnit)) ?? 'is not valid');
        if (isKey) {
          const problem = this.checkKey();
          if (problem) return problem;
          i = after + 1;
        } else i = this.stringEnd + 1;
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (this.depth + 1 > this.limit) return this.tooDeep();
        this.open(c === OPEN_ARRAY);
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (this.depth === 0) return null;
        if (this.depth === 2 && this.limitedField !== null) {
          this.limitedField = null;
          this.limit = this.rules.maxDepth;
        }
        this.depth -= 1;
      } else if (c === COMMA && this.isArray[this.depth]) this.index[this.depth] += 1;
      i += 1;
    }
    return null;
  }

  private open(isArray: boolean): void {
    if (this.depth === 1 && this.topKey !== null) {
      const fieldLimit = this.rules.fieldMaxDepth.get(this.topKey);
      if (fieldLimit !== undefined && 1 + fieldLimit < this.rules.maxDepth) {
        this.limitedField = this.topKey;
        this.limit = 1 + fieldLimit;
      }
    }
    this.topKey = null;
    this.depth += 1;
    this.isArray[this.depth] = isArray;
    this.index[this.depth] = 0;
    this.keyStart[this.depth] = -1;
  }

  /** Finds the closing quote of the string opening at `start`; false when it has none or a malformed `\u`. */
  private skipString(start: number): boolean {
    const { body } = this;
    let from = start + 1;
    let quote = body.indexOf(QUOTE, from);
    this.stringEscaped = false;
    this.badUnit = -1;
    for (;;) {
      if (quote === -1) return false;
      if (this.nextBackslash !== -1 && this.nextBackslash < from) this.nextBackslash = body.indexOf(BACKSLASH, from);
      const backslash = this.nextBackslash;
      if (backslash === -1 || backslash > quote) {
        this.stringEnd = quote;
        return true;
      }
      this.stringEscaped = true;
      from = backslash + 2;
      if (body[backslash + 1] === LETTER_U) {
        const unit = hex4(body, backslash + 2);
        if (unit === -1) return false;
        from = backslash + 6;
        if (unit >= 0xd800 && unit <= 0xdbff && body[from] === BACKSLASH && body[from + 1] === LETTER_U) {
          const low = hex4(body, from + 2);
          if (low >= 0xdc00 && low <= 0xdfff) from += 6;
          else if (this.badUnit === -1) this.badUnit = unit;
        } else if (this.badUnit === -1 && (unit === 0 || (unit >= 0xd800 && unit <= 0xdfff))) this.badUnit = unit;
      }
      if (quote < from) quote = body.indexOf(QUOTE, from);
    }
  }

  /** A reserved key is refused; a top-level one is remembered, as it may have its own depth limit. */
  private checkKey(): InputProblem | null {
    const { depth } = this;
    const start = this.keyStart[depth];
    const end = this.keyEnd[depth];
    // Escaped keys are rare; they are decoded (once) so that "\u005f_proto__" is __proto__ too.
    const decoded = this.keyEscaped[depth] ? this.decodeKey(start, end, true) : null;
    for (const reserved of this.rules.reservedKeys) {
      if (decoded === null ? this.rawKeyIs(start, end, reserved) : decoded === reserved) {
        return this.problem(`is not allowed: "${reserved}" is a reserved key (__proto__, constructor and prototype are refused anywhere in the body)`);
      }
    }
    if (depth === 1) {
      this.topKey = null;
      for (const field of this.rules.fieldMaxDepth.keys()) {
        if (decoded === null ? this.rawKeyIs(start, end, field) : decoded === field) this.topKey = field;
      }
    }
    return null;
  }

  /** Whether the unescaped key between the quotes at `start` and `end` is `name` (ASCII). */
  private rawKeyIs(start: number, end: number, name: string): boolean {
    if (end - start - 1 !== name.length) return false;
    for (let k = 0; k < name.length; k += 1) if (this.body[start + 1 + k] !== name.charCodeAt(k)) return false;
    return true;
  }

  private decodeKey(start: number, end: number, escaped: boolean): string {
    if (!escaped) return this.body.toString('utf8', start + 1, end);
    try {
      return JSON.parse(this.body.toString('utf8', start, end + 1)) as string;
    } catch {
      return this.body.toString('utf8', start + 1, end);
    }
  }

  private tooDeep(): InputProblem {
    const scope = this.limitedField === null ? 'the request body' : this.limitedField;
    const levels = this.limitedField === null ? this.rules.maxDepth : this.limit - 1;
    return this.problem(`is nested too deeply: ${scope} allows at most ${levels} levels of arrays and objects`);
  }

  /** `message` about the value (or key) at the current position, with its path. */
  private problem(message: string): InputProblem {
    const param = this.path() || 'body';
    return { param, message: `${param} ${message}` };
  }

  /** Path of the current position: the key or index within each level, from the top. */
  private path(): string {
    let path = '';
    for (let level = 1; level <= this.depth; level += 1) {
      if (this.isArray[level]) path += `[${this.index[level]}]`;
      else if (this.keyStart[level] !== -1) {
        const key = this.decodeKey(this.keyStart[level], this.keyEnd[level], this.keyEscaped[level]);
        if (!IDENTIFIER.test(key)) path += `[${JSON.stringify(key)}]`;
        else path += path === '' ? key : `.${key}`;
      }
    }
    return path;
  }
}

function skipWhitespace(body: Buffer, from: number): number {
  let i = from;
  while (i < body.length) {
    const c = body[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i += 1;
  }
  return i;
}

/** The code unit of the four hex digits at `at`, or -1. */
function hex4(body: Buffer, at: number): number {
  if (at + 4 > body.length) return -1;
  let unit = 0;
  for (let k = at; k < at + 4; k += 1) {
    const c = body[k];
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (digit === -1) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}
