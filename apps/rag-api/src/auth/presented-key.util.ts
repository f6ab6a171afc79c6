import type { IncomingHttpHeaders } from 'node:http';
import { API_KEY_HEADER } from './auth.constants';

/** The key a request presents: `Authorization: Bearer <key>` (OpenAI clients) or `api-key: <key>` (Azure-style clients). */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = headers[API_KEY_HEADER];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  return undefined;
}
