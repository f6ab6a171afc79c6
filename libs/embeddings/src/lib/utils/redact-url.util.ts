/**
 * A URL safe to put in a message: any password replaced by `***`. Unparseable input is replaced
 * entirely, since it may still contain a secret.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}
