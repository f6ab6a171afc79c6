/**
 * A Redis URL safe to log: the password replaced by `***`.
 * Unparseable input is replaced entirely, since it may still contain a secret.
 */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable Redis URL>';
  }
}
