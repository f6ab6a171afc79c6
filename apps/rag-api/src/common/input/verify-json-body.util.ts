import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUtf8 } from 'node:buffer';
import { InvalidRequestInputError } from './errors/invalid-request-input.error';
import { JSON_BODY_RULES } from './input-limits.constants';
import { scanJsonBody } from './scan-json-body.util';

/**
 * The JSON body parser's `verify` hook: runs on the raw bytes once the whole body has arrived
 * (after the size limit), before `JSON.parse` and before anything recursive sees it. Throws
 * `InvalidRequestInputError`: 415 for a charset other than UTF-8 (RFC 8259 requires UTF-8 for
 * JSON between systems, and the scan reads UTF-8), 400 for bytes that are not UTF-8 (the decoder
 * would silently turn them into U+FFFD), and 400 for what `scanJsonBody` finds.
 */
export function verifyJsonBody(_req: IncomingMessage, _res: ServerResponse, body: Buffer, encoding: string): void {
  if (encoding !== 'utf-8') {
    throw new InvalidRequestInputError(415, { param: 'body', message: `request body must be UTF-8 JSON (got charset "${encoding}")` });
  }
  if (!isUtf8(body)) throw new InvalidRequestInputError(400, { param: 'body', message: 'request body is not valid UTF-8' });
  const problem = scanJsonBody(body, JSON_BODY_RULES);
  if (problem) throw new InvalidRequestInputError(400, problem);
}
