/**
 * A TypeScript emulation of Python's `json.dumps(value)` with its defaults, which is how LlamaIndex's
 * SimpleKVStore wrote the legacy file: `", "` and `": "` separators, one line, `ensure_ascii`
 * (every character outside space..tilde as `\uXXXX`, astral ones as surrogate pairs), floats in
 * `repr` form (`1e-05`, `1e+16`, `1.0`) and bare `NaN` / `Infinity` / `-Infinity`.
 */

/** A Python value: JS numbers are floats, bigints are ints; a Map keeps its key order. */
export type PyValue = null | boolean | number | bigint | string | PyValue[] | Map<string, PyValue> | { [key: string]: PyValue };

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** `json.dumps(value)`. */
export function pyDumps(value: PyValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return pyFloatRepr(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyDumps).join(', ')}]`;
  const entries = value instanceof Map ? [...value] : Object.entries(value);
  return `{${entries.map(([key, item]) => `${pyString(key)}: ${pyDumps(item)}`).join(', ')}}`;
}

/** A string as `json.dumps` writes it with `ensure_ascii=True`. */
export function pyString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    const code = text.charCodeAt(i);
    const short = SHORT_ESCAPES[char];
    if (short) out += short;
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** Python's `repr(float)`: the shortest round-tripping digits, fixed notation for 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = x.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
}
