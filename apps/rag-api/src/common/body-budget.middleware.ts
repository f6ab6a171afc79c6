import type { NextFunction, Request, Response } from 'express';
import { openAIError } from './openai-error.filter';

/** Methods that carry a body; rag-api's only one with routes is POST. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Retry-After of a refused body, in seconds: a 10 MB body is parsed and served within about that. */
const RETRY_AFTER_S = 1;

/**
 * Express middleware placed before the body parser: the bodies being read, parsed and served at
 * once hold at most `maxBytes` bytes (`HTTP_MAX_INFLIGHT_BODY_BYTES`), by their `Content-Length`
 * (a chunked body counts as `bodyLimitBytes`, the most it may hold). A request beyond it gets 503
 * with `Retry-After` before its body is read, unless nothing else is in flight (so one body of any
 * accepted size always passes).
 *
 * Why: 32 requests of 10 MB were each buffered, parsed (~300 ms of event loop apiece) and
 * validated before anything could refuse them: 1.3 GB of RSS and a /health/live blocked for
 * seconds (issue #14). The provider limiter refuses too late for that.
 */
export function bodyBudgetMiddleware(maxBytes: number, bodyLimitBytes: number) {
  let inFlight = 0;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!BODY_METHODS.has(req.method)) return next();
    const declared = Number(req.headers['content-length']);
    const size = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, bodyLimitBytes) : bodyLimitBytes;
    if (size === 0) return next();
    if (inFlight > 0 && inFlight + size > maxBytes) {
      const body = openAIError(503, `the server is reading ${Math.ceil(inFlight / 1_048_576)} MB of request bodies, its bound (HTTP_MAX_INFLIGHT_BODY_BYTES); retry later`, null, 'server_busy');
      // The body is discarded as it arrives, never buffered; answering only once it has all
      // arrived, since a client still sending it would see its connection reset (EPIPE).
      req.once('end', () => res.setHeader('Retry-After', String(RETRY_AFTER_S)).status(503).json(body));
      req.resume();
      return;
    }
    inFlight += size;
    // 'close' fires once per response, after it finished or when the client went away.
    res.once('close', () => (inFlight -= size));
    next();
  };
}
