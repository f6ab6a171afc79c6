/**
 * Whether `value` is an absolute URL with a host whose scheme is one of `schemes` (given without
 * `:` or `//`, e.g. `['redis', 'rediss']`).
 */
export function isUrlWithScheme(value: unknown, schemes: readonly string[]): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return schemes.includes(url.protocol.slice(0, -1)) && url.hostname.length > 0;
  } catch {
    return false;
  }
}
