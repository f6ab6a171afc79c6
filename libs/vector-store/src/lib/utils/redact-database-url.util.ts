/**
 * A database URL safe to put in a message or a log: any password replaced by `***`, including a
 * `password=` query parameter. Unparseable input, or a URL without a host (`user:pass@db` parses
 * as scheme `user:`), is replaced entirely, since it may still hold a secret.
 */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.host === '') return '<unparseable URL>';
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}
