/**
 * The rule of a URL constraint in words, e.g. `a redis:// or rediss:// URL with a host` or
 * `an http:// or https:// URL with a host`. It never contains the value, which may hold a password.
 */
export function describeUrlSchemes(schemes: readonly string[]): string {
  const listed = schemes.map((scheme) => `${scheme}://`);
  const words = listed.length > 1 ? `${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]}` : (listed[0] ?? '');
  const article = /^(?:[aeiou]|http)/i.test(words) ? 'an' : 'a';
  return `${article} ${words} URL with a host`;
}
