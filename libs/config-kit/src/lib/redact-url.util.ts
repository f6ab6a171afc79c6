/** What `redactUrl` returns for input it cannot parse as a URL with a host. */
export const UNPARSEABLE_URL = '<unparseable URL>';

/**
 * `host:port` without a scheme (the usual typo: `localhost:11434`), which `URL` parses as scheme
 * `localhost:`. It cannot hold a secret, and showing it tells the operator what to fix.
 */
const BARE_HOST_PORT = /^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;

/**
 * A URL safe to put in a message or a log: the password of the user info and a `password=` query
 * parameter replaced by `***`. A bare `host:port` is shown as given. Other unparseable input, or a
 * URL without a host (`user:pass@db` parses as scheme `user:`), is replaced entirely by
 * `<unparseable URL>`, since it may still hold a secret.
 */
export function redactUrl(raw: string): string {
  if (BARE_HOST_PORT.test(raw)) return raw;
  try {
    const parsed = new URL(raw);
    if (parsed.host === '') return UNPARSEABLE_URL;
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return UNPARSEABLE_URL;
  }
}
